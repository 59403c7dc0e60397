import { Controller, Delete, HttpCode, Param, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { requestContext } from '../../shared/request-context';
import type { ClientSecretResource } from '../shared/client-secret-resource';
import { ChangeClientSecretCommand } from './change-client-secret.command';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ApiClientParams, ClientSecretResponse } from '../shared/client-resource.response';

/**
 * `POST .../credentials/secrets/{secretId}/lifecycle/activate|deactivate` (200 with the
 * secret) and `DELETE .../credentials/secrets/{secretId}` (204, INACTIVE secrets only), as
 * Okta's Client Secrets API under `/api/v1/clients/{clientId}`.
 */
@ApiTags('clients')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class ChangeClientSecretHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'activateClientSecret', summary: 'Activate a client secret: it authenticates the client again' })
  @ApiClientParams('clientId', 'secretId')
  @ApiOkResponse({ type: ClientSecretResponse, description: 'The client secret.' })
  @ApiManagementErrors(404, 503)
  @Post(':clientId/credentials/secrets/:secretId/lifecycle/activate')
  @HttpCode(200)
  activate(@Param('clientId') clientId: string, @Param('secretId') secretId: string, @Req() request: FastifyRequest): Promise<ClientSecretResource> {
    return this.commandBus.execute(new ChangeClientSecretCommand(clientId, secretId, 'activate', requestContext(request, 'admin:service'))) as Promise<ClientSecretResource>;
  }

  @ApiOperation({ operationId: 'deactivateClientSecret', summary: 'Deactivate a client secret: it no longer authenticates the client' })
  @ApiClientParams('clientId', 'secretId')
  @ApiOkResponse({ type: ClientSecretResponse, description: 'The client secret.' })
  @ApiManagementErrors({ status: 400, description: '`E0000001`: it is the last ACTIVE secret.' }, 404, 503)
  @Post(':clientId/credentials/secrets/:secretId/lifecycle/deactivate')
  @HttpCode(200)
  deactivate(@Param('clientId') clientId: string, @Param('secretId') secretId: string, @Req() request: FastifyRequest): Promise<ClientSecretResource> {
    return this.commandBus.execute(new ChangeClientSecretCommand(clientId, secretId, 'deactivate', requestContext(request, 'admin:service'))) as Promise<ClientSecretResource>;
  }

  @ApiOperation({ operationId: 'deleteClientSecret', summary: 'Delete an INACTIVE client secret' })
  @ApiClientParams('clientId', 'secretId')
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiManagementErrors({ status: 400, description: '`E0000001`: the secret is ACTIVE; deactivate it first.' }, 404, 503)
  @Delete(':clientId/credentials/secrets/:secretId')
  @HttpCode(204)
  async delete(@Param('clientId') clientId: string, @Param('secretId') secretId: string, @Req() request: FastifyRequest): Promise<void> {
    await this.commandBus.execute(new ChangeClientSecretCommand(clientId, secretId, 'delete', requestContext(request, 'admin:service')));
  }
}
