import { Controller, Get, Param, Res, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { withEtag } from '../shared/management-request';
import type { OktaAccessPolicy } from '../shared/okta-resources';
import { ListPoliciesQuery } from './list-policies.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors, ETAG_HEADER } from '../shared/management-api.openapi';
import { AccessPolicyResponse, ApiServerParams } from '../shared/okta-resources.response';

/** `GET /api/v1/authorizationServers/{as}/policies`. */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class ListPoliciesHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @ApiOperation({ operationId: 'listPolicies', summary: 'List the access policies of an authorization server, in evaluation order' })
  @ApiServerParams('as')
  @ApiOkResponse({ type: [AccessPolicyResponse], description: 'The policies, in evaluation order.', headers: ETAG_HEADER })
  @ApiManagementErrors(404)
  @Get(':as/policies')
  async list(@Param('as') as: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<OktaAccessPolicy[]> {
    return withEtag(reply, await this.queryBus.execute(new ListPoliciesQuery(as)));
  }
}
