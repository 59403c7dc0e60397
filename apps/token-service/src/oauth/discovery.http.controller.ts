import { Controller, Get, Header, Param } from '@nestjs/common';
import { DPOP_PROOF_ALGORITHMS } from '@ledger/token-crypto';
import { CLIENT_ASSERTION_ALGORITHMS } from '@ledger/token-crypto';
import { ConfigurationRegistry, type AuthorizationServerView } from '../configuration/configuration.registry';
import { SigningKeysService } from '../signing-keys/signing-keys.service';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthorizationServerParam } from '../openapi/api-docs';
import { ApiOAuthErrors } from '../oauth-errors/oauth-error.schema';
import { AuthorizationServerMetadataDto, OpenIdConfigurationDto } from './oauth.schemas';

/** Client authentication methods every OAuth endpoint accepts (`ClientAuthenticator`). */
const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'];

/**
 * The grants `POST /oauth2/{as}/v1/token` accepts. `authorization_code` is not one: the login
 * service that authorizes users is outside this service and hands its result to the issuance API.
 */
const TOKEN_ENDPOINT_GRANTS = ['refresh_token', 'client_credentials'];

/**
 * RFC 8414 / OpenID Connect Discovery metadata, so standard clients (openid-client,
 * oauth4webapi) configure themselves from the issuer alone. The authorization-server metadata
 * answers at Okta's path (`{issuer}/.well-known/oauth-authorization-server`) and at RFC 8414
 * §3's, the well-known segment inserted before the issuer path; Okta serves both.
 */
@ApiTags('oauth')
@Controller()
export class DiscoveryHttpController {
  constructor(
    private readonly registry: ConfigurationRegistry,
    private readonly keys: SigningKeysService,
  ) {}

  @Get('oauth2/:as/.well-known/oauth-authorization-server')
  @Header('Cache-Control', 'max-age=300, public')
  @ApiOperation({ operationId: 'getAuthorizationServerMetadata', summary: "Authorization-server metadata (RFC 8414), at Okta's path" })
  @ApiAuthorizationServerParam()
  @ApiOkResponse({ type: AuthorizationServerMetadataDto })
  @ApiOAuthErrors(404)
  oauthMetadata(@Param('as') as: string): Record<string, unknown> {
    return metadataOf(this.registry.requireServer(as));
  }

  /** The same document at RFC 8414 §3's path (one handler per path: each is its own operation). */
  @Get('.well-known/oauth-authorization-server/oauth2/:as')
  @Header('Cache-Control', 'max-age=300, public')
  @ApiOperation({ operationId: 'getAuthorizationServerMetadataRfc8414', summary: "Authorization-server metadata (RFC 8414), at RFC 8414 §3's path" })
  @ApiAuthorizationServerParam()
  @ApiOkResponse({ type: AuthorizationServerMetadataDto })
  @ApiOAuthErrors(404)
  oauthMetadataAtWellKnownRoot(@Param('as') as: string): Record<string, unknown> {
    return this.oauthMetadata(as);
  }

  /**
   * OIDC Discovery 1.0 §4 places the document at `{issuer}/.well-known/openid-configuration`
   * only; RFC 8414 §5 defines no path-inserted form for it, so none is served.
   */
  @Get('oauth2/:as/.well-known/openid-configuration')
  @Header('Cache-Control', 'max-age=300, public')
  @ApiOperation({ operationId: 'getOpenIdConfiguration', summary: 'OpenID Connect Discovery metadata' })
  @ApiAuthorizationServerParam()
  @ApiOkResponse({ type: OpenIdConfigurationDto })
  @ApiOAuthErrors(404)
  openidConfiguration(@Param('as') as: string): Record<string, unknown> {
    const server = this.registry.requireServer(as);
    return {
      ...metadataOf(server),
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: this.signingAlgorithms(as),
      claims_supported: ['iss', 'sub', 'aud', 'iat', 'exp', 'jti', 'auth_time', 'at_hash', 'preferred_username'],
    };
  }

  /**
   * The algorithms of the keys in the JWKS (the active key's first), so a verifier pinning
   * them accepts tokens of a key still published after an algorithm change.
   */
  private signingAlgorithms(as: string): string[] {
    try {
      const algs = this.keys.algorithms(as);
      if (algs.length > 0) return algs;
    } catch {
      // Keys not loaded on this replica yet: answer what the settings say they will be.
    }
    return [this.registry.signingSettingsOf(as).algorithm];
  }
}

/**
 * Only what this service serves, plus the external login service's endpoints the server names
 * (`endpoints`), each only when set. Without an authorization endpoint,
 * `response_types_supported` (REQUIRED) is empty, as no response type is served anywhere;
 * with one, it is the types the server lists for it, never one with `code` (the token endpoint
 * does not redeem codes).
 */
function metadataOf(server: AuthorizationServerView): Record<string, unknown> {
  const base = server.issuer;
  const { authorization, endSession, userinfo, responseTypes } = server.endpoints;
  return {
    issuer: base,
    ...(authorization !== null ? { authorization_endpoint: authorization } : {}),
    token_endpoint: `${base}/v1/token`,
    jwks_uri: `${base}/v1/keys`,
    revocation_endpoint: `${base}/v1/revoke`,
    introspection_endpoint: `${base}/v1/introspect`,
    scopes_supported: [...server.scopes],
    ...(userinfo !== null ? { userinfo_endpoint: userinfo } : {}),
    ...(endSession !== null ? { end_session_endpoint: endSession } : {}),
    dpop_signing_alg_values_supported: [...DPOP_PROOF_ALGORITHMS],
    response_types_supported: authorization !== null ? [...responseTypes] : [],
    grant_types_supported: [...TOKEN_ENDPOINT_GRANTS],
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    // The algorithms a private_key_jwt client may sign its assertion with (RFC 8414 §2).
    token_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGORITHMS],
    revocation_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGORITHMS],
    introspection_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGORITHMS],
  };
}
