import { Controller, Get, Param, Res, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { withEtag } from '../shared/management-request';
import type { OktaPolicyRule } from '../shared/okta-resources';
import { GetPolicyRuleQuery } from './get-policy-rule.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors, ETAG_HEADER } from '../shared/management-api.openapi';
import { ApiServerParams, PolicyRuleResponse } from '../shared/okta-resources.response';

/** `GET /api/v1/authorizationServers/{as}/policies/{policyId}/rules/{ruleId}`. */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class GetPolicyRuleHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @ApiOperation({ operationId: 'getPolicyRule', summary: 'Read a policy rule' })
  @ApiServerParams('as', 'policyId', 'ruleId')
  @ApiOkResponse({ type: PolicyRuleResponse, description: 'The policy rule.', headers: ETAG_HEADER })
  @ApiManagementErrors(404)
  @Get(':as/policies/:policyId/rules/:ruleId')
  async get(
    @Param('as') as: string,
    @Param('policyId') policyId: string,
    @Param('ruleId') ruleId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OktaPolicyRule> {
    return withEtag(reply, await this.queryBus.execute(new GetPolicyRuleQuery(as, policyId, ruleId)));
  }
}
