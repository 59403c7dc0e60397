import { Body, Controller, HttpCode, Post, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { managementContext, withEtag } from '../shared/management-request';
import { OktaResourceMapper, type OktaAuthorizationServer } from '../shared/okta-resources';
import { CreateAuthorizationServerCommand } from './create-authorization-server.command';
import { CreateAuthorizationServerRequestDto } from './create-authorization-server.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors, ETAG_HEADER, LOCATION_HEADER } from '../shared/management-api.openapi';
import { AuthorizationServerResponse } from '../shared/okta-resources.response';

/** `POST /api/v1/authorizationServers`: 201 with the server, its `Location` and `ETag`. */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class CreateAuthorizationServerHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly okta: OktaResourceMapper,
  ) {}

  @ApiOperation({ operationId: 'createAuthorizationServer', summary: 'Create an authorization server' })
  @ApiBody({ type: CreateAuthorizationServerRequestDto })
  @ApiCreatedResponse({ type: AuthorizationServerResponse, description: 'The authorization server.', headers: { ...LOCATION_HEADER, ...ETAG_HEADER } })
  @ApiManagementErrors(400, 409, 413, 415, 503)
  @Post()
  @HttpCode(201)
  async create(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<OktaAuthorizationServer> {
    const dto = parseBody(CreateAuthorizationServerRequestDto, body);
    const created = await this.commandBus.execute(new CreateAuthorizationServerCommand(dto, managementContext(request)));
    void reply.header('location', this.okta.serverHref(created.resource.id));
    return withEtag(reply, created);
  }
}
