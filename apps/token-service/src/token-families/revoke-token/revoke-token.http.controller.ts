import { Body, Controller, Header, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClientAuthenticator } from '../../client-auth/client-authenticator';
import { HttpRateLimits } from '../../rate-limits/http-rate-limits';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { requireForm } from '../../shared/require-form';
import { parseBody } from '../../shared/form';
import { requestContext } from '../../shared/request-context';
import { RevokeTokenCommand } from './revoke-token.command';
import { RevokeTokenRequestDto } from './revoke-token.request.dto';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthorizationServerParam, ApiClientSecurity } from '../../openapi/api-docs';
import { ApiOAuthErrors } from '../../oauth-errors/oauth-error.schema';

/**
 * `POST /oauth2/{as}/v1/revoke` (RFC 7009): 200 with an empty body whenever the client
 * authenticated, except for a token of this server issued to another client (400
 * `invalid_request`, RFC 7009 §2.1).
 */
@ApiTags('oauth')
@Controller('oauth2/:as/v1')
export class RevokeTokenHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly registry: ConfigurationRegistry,
    private readonly clients: ClientAuthenticator,
    private readonly rateLimits: HttpRateLimits,
  ) {}

  @Post('revoke')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'revokeToken', summary: 'Revoke a refresh token (its whole family) or an access token (RFC 7009)' })
  @ApiAuthorizationServerParam()
  @ApiClientSecurity()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: RevokeTokenRequestDto })
  @ApiOkResponse({ description: 'Revoked, or the token was unknown, invalid or already revoked (RFC 7009 §2.2): an empty body' })
  @ApiOAuthErrors(400, 401, 404, 413, 415, 429, 503)
  async revoke(
    @Param('as') as: string,
    @Req() request: FastifyRequest,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    this.rateLimits.admit('revoke', request, reply);
    this.registry.requireServer(as);
    requireForm(request);
    const form = parseBody(RevokeTokenRequestDto, body);
    const { client } = await this.clients.authenticate(request, form);
    await this.commandBus.execute(new RevokeTokenCommand(as, client, form.token, requestContext(request, `client:${client.clientId}`)));
  }
}
