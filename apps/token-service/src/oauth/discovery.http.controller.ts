import { Controller, Get, Header, Param } from '@nestjs/common';
import { CLIENT_ASSERTION_ALGORITHMS } from '@ledger/token-crypto';
import { ConfigurationRegistry, type AuthorizationServerView } from '../configuration/configuration.registry';

/** Client authentication methods every OAuth endpoint accepts (`ClientAuthenticator`). */
const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'];

/**
 * RFC 8414 / OpenID Connect Discovery metadata, at Okta's paths, so standard clients
 * (openid-client, oauth4webapi) configure themselves from the issuer alone.
 */
@Controller('oauth2/:as/.well-known')
export class DiscoveryHttpController {
  constructor(private readonly registry: ConfigurationRegistry) {}

  @Get('oauth-authorization-server')
  @Header('Cache-Control', 'max-age=300, public')
  oauthMetadata(@Param('as') as: string): Record<string, unknown> {
    return metadataOf(this.registry.requireServer(as));
  }

  @Get('openid-configuration')
  @Header('Cache-Control', 'max-age=300, public')
  openidConfiguration(@Param('as') as: string): Record<string, unknown> {
    const server = this.registry.requireServer(as);
    return {
      ...metadataOf(server),
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      claims_supported: ['iss', 'sub', 'aud', 'iat', 'exp', 'jti', 'auth_time', 'at_hash', 'preferred_username'],
    };
  }
}

function metadataOf(server: AuthorizationServerView): Record<string, unknown> {
  const base = server.issuer;
  return {
    issuer: base,
    // The login page is the platform's own login service (SPEC §1); this is where it would
    // live, advertised because RFC 8414 requires the member when the code grant is listed.
    authorization_endpoint: `${base}/v1/authorize`,
    token_endpoint: `${base}/v1/token`,
    jwks_uri: `${base}/v1/keys`,
    revocation_endpoint: `${base}/v1/revoke`,
    introspection_endpoint: `${base}/v1/introspect`,
    scopes_supported: [...server.scopes],
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    // The algorithms a private_key_jwt client may sign its assertion with (RFC 8414 §2).
    token_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGORITHMS],
    revocation_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGORITHMS],
    introspection_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGORITHMS],
  };
}
