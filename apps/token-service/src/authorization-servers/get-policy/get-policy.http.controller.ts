import { Controller, Get, Param, Res, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { withEtag } from '../shared/management-request';
import type { OktaAccessPolicy } from '../shared/okta-resources';
import { GetPolicyQuery } from './get-policy.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/**
 * `GET /api/v1/authorizationServers/{as}/policies/{policyId}`. The static
 * `policies/explain` route wins over this one in the router, whatever the registration order.
 */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class GetPolicyHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':as/policies/:policyId')
  async get(
    @Param('as') as: string,
    @Param('policyId') policyId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OktaAccessPolicy> {
    return withEtag(reply, await this.queryBus.execute(new GetPolicyQuery(as, policyId)));
  }
}
