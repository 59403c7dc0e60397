import { Controller, HttpCode, Param, Post, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConfigurationStatus } from '@ledger/domain';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { revisionEtag } from '../../management-errors/revision-etag';
import { ifMatchOf, managementContext } from '../shared/management-request';
import { ChangeAuthorizationServerStatusCommand } from './change-authorization-server-status.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `POST /api/v1/authorizationServers/{as}/lifecycle/activate|deactivate`: 204 with the new `ETag`. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class ChangeAuthorizationServerStatusHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':as/lifecycle/activate')
  @HttpCode(204)
  activate(@Param('as') as: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    return this.change(as, 'ACTIVE', request, reply);
  }

  @Post(':as/lifecycle/deactivate')
  @HttpCode(204)
  deactivate(@Param('as') as: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    return this.change(as, 'INACTIVE', request, reply);
  }

  private async change(as: string, status: ConfigurationStatus, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const command = new ChangeAuthorizationServerStatusCommand(as, status, ifMatchOf(request), managementContext(request));
    void reply.header('etag', revisionEtag(await this.commandBus.execute(command)));
  }
}
