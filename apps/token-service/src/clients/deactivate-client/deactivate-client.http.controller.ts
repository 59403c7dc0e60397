import { Controller, HttpCode, Param, Post, Req, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { requestContext } from '../../shared/request-context';
import { DeactivateClientCommand } from './deactivate-client.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/**
 * `POST /api/v1/clients/{clientId}/lifecycle/deactivate`: 200 `{}` as Okta's app lifecycle,
 * answered once the client is refused and all its families are revoked.
 */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class DeactivateClientHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':clientId/lifecycle/deactivate')
  @HttpCode(200)
  async deactivate(@Param('clientId') clientId: string, @Req() request: FastifyRequest): Promise<Record<string, never>> {
    await this.commandBus.execute(new DeactivateClientCommand(clientId, requestContext(request, 'admin:service')));
    return {};
  }
}
