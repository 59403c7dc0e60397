import { Controller, Delete, HttpCode, Param, Req, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ifMatchOf, managementContext } from '../shared/management-request';
import { DeleteAuthorizationServerCommand } from './delete-authorization-server.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `DELETE /api/v1/authorizationServers/{as}`: 204, as Okta; honours `If-Match`. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class DeleteAuthorizationServerHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Delete(':as')
  @HttpCode(204)
  async delete(@Param('as') as: string, @Req() request: FastifyRequest): Promise<void> {
    await this.commandBus.execute(new DeleteAuthorizationServerCommand(as, ifMatchOf(request), managementContext(request)));
  }
}
