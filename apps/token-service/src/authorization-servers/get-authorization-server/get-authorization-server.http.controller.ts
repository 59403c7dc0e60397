import { Controller, Get, Param, Res, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { withEtag } from '../shared/management-request';
import type { OktaAuthorizationServer } from '../shared/okta-resources';
import { GetAuthorizationServerQuery } from './get-authorization-server.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors, ETAG_HEADER } from '../shared/management-api.openapi';
import { ApiServerParams, AuthorizationServerResponse } from '../shared/okta-resources.response';

/** `GET /api/v1/authorizationServers/{as}`, with the `ETag` a later `If-Match` quotes. */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class GetAuthorizationServerHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @ApiOperation({ operationId: 'getAuthorizationServer', summary: 'Read an authorization server' })
  @ApiServerParams('as')
  @ApiOkResponse({ type: AuthorizationServerResponse, description: 'The authorization server.', headers: ETAG_HEADER })
  @ApiManagementErrors(404)
  @Get(':as')
  async get(@Param('as') as: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<OktaAuthorizationServer> {
    return withEtag(reply, await this.queryBus.execute(new GetAuthorizationServerQuery(as)));
  }
}
