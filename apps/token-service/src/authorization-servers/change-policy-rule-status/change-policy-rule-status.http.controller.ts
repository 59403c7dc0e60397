import { Controller, HttpCode, Param, Post, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { revisionEtag } from '../../management-errors/revision-etag';
import { ifMatchOf, managementContext } from '../shared/management-request';
import { ChangePolicyRuleStatusCommand } from './change-policy-rule-status.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiIfMatch, ApiManagementErrors, ETAG_HEADER, INVALID_IF_MATCH } from '../shared/management-api.openapi';
import { ApiServerParams } from '../shared/okta-resources.response';

/** `POST .../policies/{policyId}/rules/{ruleId}/lifecycle/activate|deactivate`: 204 with the new `ETag`. */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class ChangePolicyRuleStatusHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'activatePolicyRule', summary: 'Activate a policy rule: evaluation considers it again' })
  @ApiServerParams('as', 'policyId', 'ruleId')
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Activated (or already active).', headers: ETAG_HEADER })
  @ApiManagementErrors(INVALID_IF_MATCH, 404, 412, 503)
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

  @ApiOperation({ operationId: 'deactivatePolicyRule', summary: 'Deactivate a policy rule: evaluation skips it' })
  @ApiServerParams('as', 'policyId', 'ruleId')
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Deactivated (or already inactive).', headers: ETAG_HEADER })
  @ApiManagementErrors(INVALID_IF_MATCH, 404, 412, 503)
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
