import { Body, Controller, Header, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClientAuthenticator } from '../../client-auth/client-authenticator';
import { HttpRateLimits } from '../../rate-limits/http-rate-limits';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { requireForm } from '../../shared/require-form';
import { parseBody } from '../../shared/form';
import { IntrospectTokenQuery, IntrospectionResponseDto, type IntrospectionResponse } from './introspect-token.query';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthorizationServerParam, ApiClientSecurity } from '../../openapi/api-docs';
import { ApiOAuthErrors } from '../../oauth-errors/oauth-error.schema';
import { IntrospectTokenRequestDto } from './introspect-token.request.dto';

/** `POST /oauth2/{as}/v1/introspect` (RFC 7662); client authentication required. */
@ApiTags('oauth')
@Controller('oauth2/:as/v1')
export class IntrospectTokenHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly registry: ConfigurationRegistry,
    private readonly clients: ClientAuthenticator,
    private readonly rateLimits: HttpRateLimits,
  ) {}

  @Post('introspect')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'introspectToken', summary: 'Whether a token is active, and its claims (RFC 7662)' })
  @ApiAuthorizationServerParam()
  @ApiClientSecurity()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: IntrospectTokenRequestDto })
  @ApiOkResponse({ type: IntrospectionResponseDto, description: 'The token\'s state; `{"active": false}` alone when it is not active' })
  @ApiOAuthErrors(400, 401, 404, 413, 415, 429, 503)
  async introspect(
    @Param('as') as: string,
    @Req() request: FastifyRequest,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IntrospectionResponse> {
    this.rateLimits.admit('introspect', request, reply);
    this.registry.requireServer(as);
    requireForm(request);
    const form = parseBody(IntrospectTokenRequestDto, body);
    const { client } = await this.clients.authenticate(request, form);
    return this.queryBus.execute(new IntrospectTokenQuery(as, client, form.token, String(request.id)));
  }
}
