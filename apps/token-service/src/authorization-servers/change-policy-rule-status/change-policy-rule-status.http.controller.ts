import { Controller, HttpCode, Param, Post, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { revisionEtag } from '../../management-errors/revision-etag';
import { ifMatchOf, managementContext } from '../shared/management-request';
import { ChangePolicyRuleStatusCommand } from './change-policy-rule-status.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `POST .../policies/{policyId}/rules/{ruleId}/lifecycle/activate|deactivate`: 204 with the new `ETag`. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class ChangePolicyRuleStatusHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':as/policies/:policyId/rules/:ruleId/lifecycle/activate')
  @HttpCode(204)
  async activate(
    @Param('as') as: string,
    @Param('policyId') policyId: string,
    @Param('ruleId') ruleId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    return this.change(new ChangePolicyRuleStatusCommand(as, policyId, ruleId, 'ACTIVE', ifMatchOf(request), managementContext(request)), reply);
  }

  @Post(':as/policies/:policyId/rules/:ruleId/lifecycle/deactivate')
  @HttpCode(204)
  async deactivate(
    @Param('as') as: string,
    @Param('policyId') policyId: string,
    @Param('ruleId') ruleId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    return this.change(new ChangePolicyRuleStatusCommand(as, policyId, ruleId, 'INACTIVE', ifMatchOf(request), managementContext(request)), reply);
  }

  private async change(command: ChangePolicyRuleStatusCommand, reply: FastifyReply): Promise<void> {
    void reply.header('etag', revisionEtag(await this.commandBus.execute(command)));
  }
}
