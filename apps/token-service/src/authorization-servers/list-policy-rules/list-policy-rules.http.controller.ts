import { Controller, Get, Param, Res, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { withEtag } from '../shared/management-request';
import type { OktaPolicyRule } from '../shared/okta-resources';
import { ListPolicyRulesQuery } from './list-policy-rules.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors, ETAG_HEADER } from '../shared/management-api.openapi';
import { ApiServerParams, PolicyRuleResponse } from '../shared/okta-resources.response';

/** `GET /api/v1/authorizationServers/{as}/policies/{policyId}/rules`. */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class ListPolicyRulesHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @ApiOperation({ operationId: 'listPolicyRules', summary: 'List the rules of an access policy, in evaluation order' })
  @ApiServerParams('as', 'policyId')
  @ApiOkResponse({ type: [PolicyRuleResponse], description: 'The rules, in evaluation order.', headers: ETAG_HEADER })
  @ApiManagementErrors(404)
  @Get(':as/policies/:policyId/rules')
  async list(
    @Param('as') as: string,
    @Param('policyId') policyId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OktaPolicyRule[]> {
    return withEtag(reply, await this.queryBus.execute(new ListPolicyRulesQuery(as, policyId)));
  }
}
