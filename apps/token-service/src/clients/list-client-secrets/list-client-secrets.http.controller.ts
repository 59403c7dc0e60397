import { Controller, Get, Header, Param, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import type { ClientSecretResource } from '../shared/client-secret-resource';
import { GetClientSecretQuery, ListClientSecretsQuery } from './list-client-secrets.query';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ApiClientParams, ClientSecretResponse } from '../shared/client-resource.response';

/** `GET /api/v1/clients/{clientId}/credentials/secrets[/{secretId}]`: never the secret nor its hash. */
@ApiTags('clients')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class ListClientSecretsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @ApiOperation({ operationId: 'listClientSecrets', summary: "List a client's secrets (never a secret nor its hash)" })
  @ApiClientParams('clientId')
  @ApiOkResponse({ type: [ClientSecretResponse], description: 'The client secrets.' })
  @ApiManagementErrors(404)
  @Get(':clientId/credentials/secrets')
  @Header('Cache-Control', 'no-store')
  list(@Param('clientId') clientId: string): Promise<ClientSecretResource[]> {
    return this.queryBus.execute(new ListClientSecretsQuery(clientId));
  }

  @ApiOperation({ operationId: 'getClientSecret', summary: 'Read one client secret (never the secret nor its hash)' })
  @ApiClientParams('clientId', 'secretId')
  @ApiOkResponse({ type: ClientSecretResponse, description: 'The client secret.' })
  @ApiManagementErrors(404)
  @Get(':clientId/credentials/secrets/:secretId')
  @Header('Cache-Control', 'no-store')
  get(@Param('clientId') clientId: string, @Param('secretId') secretId: string): Promise<ClientSecretResource> {
    return this.queryBus.execute(new GetClientSecretQuery(clientId, secretId));
  }
}
