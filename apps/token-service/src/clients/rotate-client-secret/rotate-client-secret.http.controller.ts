import { Controller, Header, HttpCode, Param, Post, Req, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { requestContext } from '../../shared/request-context';
import type { ClientResourceWithSecret } from '../shared/client-resource';
import { RotateClientSecretCommand } from './rotate-client-secret.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ApiClientParams, ClientWithSecretResponse } from '../shared/client-resource.response';

/** `POST /api/v1/clients/{clientId}/lifecycle/newSecret` (Okta's path): the client with its new secret, shown once. */
@ApiTags('clients')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class RotateClientSecretHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'rotateClientSecret', summary: "Replace a client's secret with a generated one" })
  @ApiClientParams('clientId')
  @ApiOkResponse({ type: ClientWithSecretResponse, description: 'The client with its new secret, shown this once.' })
  @ApiManagementErrors({ status: 400, description: '`E0000001`: the client authenticates without a secret.' }, 404, 503)
  @Post(':clientId/lifecycle/newSecret')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  rotate(@Param('clientId') clientId: string, @Req() request: FastifyRequest): Promise<ClientResourceWithSecret> {
    return this.commandBus.execute(new RotateClientSecretCommand(clientId, requestContext(request, 'admin:service')));
  }
}
