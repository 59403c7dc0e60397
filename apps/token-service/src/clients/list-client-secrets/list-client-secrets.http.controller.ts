import { Controller, Get, Header, Param, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import type { ClientSecretResource } from '../shared/client-secret-resource';
import { GetClientSecretQuery, ListClientSecretsQuery } from './list-client-secrets.query';

/** `GET /api/v1/clients/{clientId}/credentials/secrets[/{secretId}]`: never the secret nor its hash. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class ListClientSecretsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':clientId/credentials/secrets')
  @Header('Cache-Control', 'no-store')
  list(@Param('clientId') clientId: string): Promise<ClientSecretResource[]> {
    return this.queryBus.execute(new ListClientSecretsQuery(clientId));
  }

  @Get(':clientId/credentials/secrets/:secretId')
  @Header('Cache-Control', 'no-store')
  get(@Param('clientId') clientId: string, @Param('secretId') secretId: string): Promise<ClientSecretResource> {
    return this.queryBus.execute(new GetClientSecretQuery(clientId, secretId));
  }
}
