import { Controller, HttpCode, Param, Post, Req, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { requestContext } from '../../shared/request-context';
import { ActivateClientCommand } from './activate-client.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ApiClientParams } from '../shared/client-resource.response';

/** `POST /api/v1/clients/{clientId}/lifecycle/activate`: 200 `{}` as Okta's app lifecycle. */
@ApiTags('clients')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class ActivateClientHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'activateClient', summary: 'Activate a client: it may authenticate and refresh again' })
  @ApiClientParams('clientId')
  @ApiOkResponse({ description: 'Activated: an empty object, as Okta.', schema: { type: 'object', properties: {}, additionalProperties: false } })
  @ApiManagementErrors(404, 503)
  @Post(':clientId/lifecycle/activate')
  @HttpCode(200)
  async activate(@Param('clientId') clientId: string, @Req() request: FastifyRequest): Promise<Record<string, never>> {
    await this.commandBus.execute(new ActivateClientCommand(clientId, requestContext(request, 'admin:service')));
    return {};
  }
}
