import { Controller, Get, Param, Res, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { withEtag } from '../shared/management-request';
import type { OktaAccessPolicy } from '../shared/okta-resources';
import { GetPolicyQuery } from './get-policy.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors, ETAG_HEADER } from '../shared/management-api.openapi';
import { AccessPolicyResponse, ApiServerParams } from '../shared/okta-resources.response';

/**
 * `GET /api/v1/authorizationServers/{as}/policies/{policyId}`. The static
 * `policies/explain` route wins over this one in the router, whatever the registration order.
 */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class GetPolicyHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @ApiOperation({ operationId: 'getPolicy', summary: 'Read an access policy' })
  @ApiServerParams('as', 'policyId')
  @ApiOkResponse({ type: AccessPolicyResponse, description: 'The access policy.', headers: ETAG_HEADER })
  @ApiManagementErrors(404)
  @Get(':as/policies/:policyId')
  async get(
    @Param('as') as: string,
    @Param('policyId') policyId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OktaAccessPolicy> {
    return withEtag(reply, await this.queryBus.execute(new GetPolicyQuery(as, policyId)));
  }
}
