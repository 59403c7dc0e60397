import { Body, Controller, Param, Put, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { ifMatchOf, managementContext, withEtag } from '../shared/management-request';
import type { OktaAuthorizationServer } from '../shared/okta-resources';
import { UpdateAuthorizationServerCommand } from './update-authorization-server.command';
import { UpdateAuthorizationServerRequestDto } from './update-authorization-server.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiIfMatch, ApiManagementErrors, ETAG_HEADER } from '../shared/management-api.openapi';
import { ApiServerParams, AuthorizationServerResponse } from '../shared/okta-resources.response';

/** `PUT /api/v1/authorizationServers/{as}`; honours `If-Match` (412 when stale). */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class UpdateAuthorizationServerHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'updateAuthorizationServer', summary: "Replace an authorization server's settings" })
  @ApiServerParams('as')
  @ApiIfMatch()
  @ApiBody({ type: UpdateAuthorizationServerRequestDto })
  @ApiOkResponse({ type: AuthorizationServerResponse, description: 'The authorization server.', headers: ETAG_HEADER })
  @ApiManagementErrors(400, 404, 412, 413, 415, 503)
  @Put(':as')
  async update(
    @Param('as') as: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<OktaAuthorizationServer> {
    const dto = parseBody(UpdateAuthorizationServerRequestDto, body);
    const command = new UpdateAuthorizationServerCommand(as, dto, ifMatchOf(request), managementContext(request));
    return withEtag(reply, await this.commandBus.execute(command));
  }
}
