import { Controller, HttpCode, Param, Post, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConfigurationStatus } from '@ledger/domain';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { revisionEtag } from '../../management-errors/revision-etag';
import { ifMatchOf, managementContext } from '../shared/management-request';
import { ChangePolicyStatusCommand } from './change-policy-status.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiIfMatch, ApiManagementErrors, ETAG_HEADER, INVALID_IF_MATCH } from '../shared/management-api.openapi';
import { ApiServerParams } from '../shared/okta-resources.response';

/** `POST .../{as}/policies/{policyId}/lifecycle/activate|deactivate`: 204 with the new `ETag`, as Okta. */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class ChangePolicyStatusHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'activatePolicy', summary: 'Activate an access policy: evaluation considers it again' })
  @ApiServerParams('as', 'policyId')
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Activated (or already active).', headers: ETAG_HEADER })
  @ApiManagementErrors(INVALID_IF_MATCH, 404, 412, 503)
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

  @ApiOperation({ operationId: 'deactivatePolicy', summary: 'Deactivate an access policy: evaluation skips it' })
  @ApiServerParams('as', 'policyId')
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Deactivated (or already inactive).', headers: ETAG_HEADER })
  @ApiManagementErrors(INVALID_IF_MATCH, 404, 412, 503)
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
