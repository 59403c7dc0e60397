import { Controller, Get, Param, Res, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { withEtag } from '../shared/management-request';
import type { OktaPolicyRule } from '../shared/okta-resources';
import { ListPolicyRulesQuery } from './list-policy-rules.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `GET /api/v1/authorizationServers/{as}/policies/{policyId}/rules`. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class ListPolicyRulesHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':as/policies/:policyId/rules')
  async list(
    @Param('as') as: string,
    @Param('policyId') policyId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OktaPolicyRule[]> {
    return withEtag(reply, await this.queryBus.execute(new ListPolicyRulesQuery(as, policyId)));
  }
}
