import { Controller, HttpCode, Param, Post, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConfigurationStatus } from '@ledger/domain';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { revisionEtag } from '../../management-errors/revision-etag';
import { ifMatchOf, managementContext } from '../shared/management-request';
import { ChangePolicyStatusCommand } from './change-policy-status.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `POST .../{as}/policies/{policyId}/lifecycle/activate|deactivate`: 204 with the new `ETag`, as Okta. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class ChangePolicyStatusHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':as/policies/:policyId/lifecycle/activate')
  @HttpCode(204)
  activate(
    @Param('as') as: string,
    @Param('policyId') policyId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    return this.change(as, policyId, 'ACTIVE', request, reply);
  }

  @Post(':as/policies/:policyId/lifecycle/deactivate')
  @HttpCode(204)
  deactivate(
    @Param('as') as: string,
    @Param('policyId') policyId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    return this.change(as, policyId, 'INACTIVE', request, reply);
  }

  private async change(as: string, policyId: string, status: ConfigurationStatus, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const command = new ChangePolicyStatusCommand(as, policyId, status, ifMatchOf(request), managementContext(request));
    void reply.header('etag', revisionEtag(await this.commandBus.execute(command)));
  }
}
