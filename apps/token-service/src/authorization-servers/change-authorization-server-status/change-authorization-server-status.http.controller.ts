import { Controller, HttpCode, Param, Post, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConfigurationStatus } from '@ledger/domain';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { revisionEtag } from '../../management-errors/revision-etag';
import { ifMatchOf, managementContext } from '../shared/management-request';
import { ChangeAuthorizationServerStatusCommand } from './change-authorization-server-status.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiIfMatch, ApiManagementErrors, ETAG_HEADER, INVALID_IF_MATCH } from '../shared/management-api.openapi';
import { ApiServerParams } from '../shared/okta-resources.response';

/** `POST /api/v1/authorizationServers/{as}/lifecycle/activate|deactivate`: 204 with the new `ETag`. */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class ChangeAuthorizationServerStatusHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'activateAuthorizationServer', summary: 'Activate an authorization server: its token endpoints answer again' })
  @ApiServerParams('as')
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Activated (or already active).', headers: ETAG_HEADER })
  @ApiManagementErrors(INVALID_IF_MATCH, 404, 412, 503)
  @Post(':as/lifecycle/activate')
  @HttpCode(204)
  activate(@Param('as') as: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    return this.change(as, 'ACTIVE', request, reply);
  }

  @ApiOperation({ operationId: 'deactivateAuthorizationServer', summary: 'Deactivate an authorization server: its token endpoints refuse every request' })
  @ApiServerParams('as')
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Deactivated (or already inactive).', headers: ETAG_HEADER })
  @ApiManagementErrors(INVALID_IF_MATCH, 404, 412, 503)
  @Post(':as/lifecycle/deactivate')
  @HttpCode(204)
  deactivate(@Param('as') as: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    return this.change(as, 'INACTIVE', request, reply);
  }

  private async change(as: string, status: ConfigurationStatus, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const command = new ChangeAuthorizationServerStatusCommand(as, status, ifMatchOf(request), managementContext(request));
    void reply.header('etag', revisionEtag(await this.commandBus.execute(command)));
  }
}
