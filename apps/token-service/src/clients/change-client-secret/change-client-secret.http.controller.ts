import { Controller, Delete, HttpCode, Param, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { requestContext } from '../../shared/request-context';
import type { ClientSecretResource } from '../shared/client-secret-resource';
import { ChangeClientSecretCommand } from './change-client-secret.command';

/**
 * `POST .../credentials/secrets/{secretId}/lifecycle/activate|deactivate` (200 with the
 * secret) and `DELETE .../credentials/secrets/{secretId}` (204, INACTIVE secrets only), as
 * Okta's Client Secrets API under `/api/v1/clients/{clientId}`.
 */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class ChangeClientSecretHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':clientId/credentials/secrets/:secretId/lifecycle/activate')
  @HttpCode(200)
  activate(@Param('clientId') clientId: string, @Param('secretId') secretId: string, @Req() request: FastifyRequest): Promise<ClientSecretResource> {
    return this.commandBus.execute(new ChangeClientSecretCommand(clientId, secretId, 'activate', requestContext(request, 'admin:service'))) as Promise<ClientSecretResource>;
  }

  @Post(':clientId/credentials/secrets/:secretId/lifecycle/deactivate')
  @HttpCode(200)
  deactivate(@Param('clientId') clientId: string, @Param('secretId') secretId: string, @Req() request: FastifyRequest): Promise<ClientSecretResource> {
    return this.commandBus.execute(new ChangeClientSecretCommand(clientId, secretId, 'deactivate', requestContext(request, 'admin:service'))) as Promise<ClientSecretResource>;
  }

  @Delete(':clientId/credentials/secrets/:secretId')
  @HttpCode(204)
  async delete(@Param('clientId') clientId: string, @Param('secretId') secretId: string, @Req() request: FastifyRequest): Promise<void> {
    await this.commandBus.execute(new ChangeClientSecretCommand(clientId, secretId, 'delete', requestContext(request, 'admin:service')));
  }
}
