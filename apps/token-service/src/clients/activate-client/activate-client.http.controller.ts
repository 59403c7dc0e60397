import { Controller, HttpCode, Param, Post, Req, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { requestContext } from '../../shared/request-context';
import { ActivateClientCommand } from './activate-client.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `POST /api/v1/clients/{clientId}/lifecycle/activate`: 200 `{}` as Okta's app lifecycle. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class ActivateClientHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':clientId/lifecycle/activate')
  @HttpCode(200)
  async activate(@Param('clientId') clientId: string, @Req() request: FastifyRequest): Promise<Record<string, never>> {
    await this.commandBus.execute(new ActivateClientCommand(clientId, requestContext(request, 'admin:service')));
    return {};
  }
}
