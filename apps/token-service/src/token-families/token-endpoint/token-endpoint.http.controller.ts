import { Body, Controller, Header, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClientAuthenticator } from '../../client-auth/client-authenticator';
import { HttpRateLimits } from '../../rate-limits/http-rate-limits';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { InvalidRequestError, UnsupportedGrantTypeError } from '../../oauth-errors/oauth-errors';
import { parseBody, parseScope } from '../../shared/form';
import { requestContext } from '../../shared/request-context';
import { IssueTokensCommand } from '../issue-tokens/issue-tokens.command';
import { RefreshTokenCommand } from '../refresh-token/refresh-token.command';
import type { TokenResponse } from '../shared/token-response';
import { requireForm } from '../../shared/require-form';
import { clientCredentialsScopes, requireGrantAllowed } from './grant-checks';
import { TokenRequestDto } from './token-request.dto';
import { DpopProofChecker } from '../dpop/dpop-proof-checker';
import { ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthorizationServerParam, ApiClientSecurity } from '../../openapi/api-docs';
import { ApiOAuthErrors } from '../../oauth-errors/oauth-error.schema';
import { TokenResponseDto } from '../shared/token-response';

/** Grants this endpoint serves; authorization codes are the login service's business (SPEC §1). */
const SUPPORTED_GRANTS = new Set(['refresh_token', 'client_credentials']);

/**
 * `POST /oauth2/{as}/v1/token`: parse, authenticate the client, check the grant is allowed,
 * then dispatch the grant's command. Okta-compatible path and answers.
 *
 * @see RFC 6749 §3.2, §4.4, §6
 */
@ApiTags('oauth')
@Controller('oauth2/:as/v1')
export class TokenEndpointHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly registry: ConfigurationRegistry,
    private readonly clients: ClientAuthenticator,
    private readonly rateLimits: HttpRateLimits,
    private readonly dpop: DpopProofChecker,
  ) {}

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ operationId: 'token', summary: 'Refresh a token family or issue a client_credentials access token (RFC 6749 §6, §4.4)' })
  @ApiAuthorizationServerParam()
  @ApiClientSecurity()
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TokenRequestDto })
  @ApiHeader({ name: 'DPoP', required: false, description: 'A DPoP proof (RFC 9449): binds the new access token to its key; required for a DPoP-bound family' })
  @ApiOkResponse({ type: TokenResponseDto, description: 'The tokens (RFC 6749 §5.1)' })
  @ApiOAuthErrors(400, 401, 404, 413, 415, 429, 503)
  async token(
    @Param('as') as: string,
    @Req() request: FastifyRequest,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenResponse> {
    this.rateLimits.admit('token', request, reply);
    const server = this.registry.requireServer(as);
    requireForm(request);
    const form = parseBody(TokenRequestDto, body);
    const { client } = await this.clients.authenticate(request, form);
    if (!SUPPORTED_GRANTS.has(form.grant_type)) {
      throw new UnsupportedGrantTypeError(`The authorization grant type is not supported by the authorization server. Configured grant types: ${[...SUPPORTED_GRANTS].join(', ')}.`, 'unsupported_grant_type');
    }
    requireGrantAllowed(client, form.grant_type);
    const context = requestContext(request, `client:${client.clientId}`);
    const scopes = parseScope(form.scope);
    if (form.grant_type === 'refresh_token' && form.refresh_token === undefined) {
      throw new InvalidRequestError("The 'refresh_token' parameter is required.", 'missing_refresh_token');
    }
    // client_credentials: a confidential client acting for itself (checks shared with gRPC).
    const granted = form.grant_type === 'client_credentials' ? clientCredentialsScopes(client, scopes) : undefined;
    // RFC 9449: checked once the request is otherwise valid (a refused request does not use up
    // the proof), and only when a proof is sent or the client needs one, so other requests do
    // no more work than before.
    const header = request.headers.dpop;
    const dpop = DpopProofChecker.applies(header, client) ? await this.dpop.check(header, server, client, context) : undefined;
    if (granted === undefined) {
      return this.commandBus.execute(new RefreshTokenCommand(as, client, form.refresh_token as string, scopes, context, dpop));
    }
    return this.commandBus.execute(
      new IssueTokensCommand(as, client.clientId, client.clientId, granted, 'client_credentials', context, dpop ? { dpopJkt: dpop.jkt } : {}),
    );
  }
}
