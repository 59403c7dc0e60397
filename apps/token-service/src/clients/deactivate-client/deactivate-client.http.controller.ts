import { Controller, HttpCode, Param, Post, Req, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { requestContext } from '../../shared/request-context';
import { DeactivateClientCommand } from './deactivate-client.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ApiClientParams } from '../shared/client-resource.response';

/**
 * `POST /api/v1/clients/{clientId}/lifecycle/deactivate`: 200 `{}` as Okta's app lifecycle,
 * answered once the client is refused and all its families are revoked.
 */
@ApiTags('clients')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class DeactivateClientHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'deactivateClient', summary: 'Deactivate a client and revoke every token family it holds' })
  @ApiClientParams('clientId')
  @ApiOkResponse({ description: 'Deactivated, every family revoked: an empty object, as Okta.', schema: { type: 'object', properties: {}, additionalProperties: false } })
  @ApiManagementErrors(404, 503)
  @Post(':clientId/lifecycle/deactivate')
  @HttpCode(200)
  async deactivate(@Param('clientId') clientId: string, @Req() request: FastifyRequest): Promise<Record<string, never>> {
    await this.commandBus.execute(new DeactivateClientCommand(clientId, requestContext(request, 'admin:service')));
    return {};
  }
}
