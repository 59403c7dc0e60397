import { Injectable } from '@nestjs/common';
import { randomId } from '@ledger/token-crypto';
import { hash } from 'node:crypto';
import type { AuthorizationServerView } from '../../configuration/configuration.registry';
import { SigningKeysService } from '../../signing-keys/signing-keys.service';

/** Okta's fixed ID-token lifetime (one hour). */
const ID_TOKEN_LIFETIME_SECONDS = 3600;

export interface AccessTokenClaims {
  readonly subject: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly jti: string;
  readonly iat: number;
  readonly exp: number;
  readonly authTime?: number;
}

export interface IdTokenClaims {
  readonly subject: string;
  readonly clientId: string;
  readonly jti: string;
  readonly iat: number;
  readonly authTime?: number;
  readonly username?: string;
  /** The access token issued alongside, for `at_hash` (OIDC Core §3.3.2.11). */
  readonly accessToken: string;
}

/**
 * Mints the signed JWTs of a token response with the authorization server's active key.
 * Access tokens follow RFC 9068 (`typ: at+jwt`); their `jti` starts with the family id, so
 * introspection and revocation find the family without an index.
 */
@Injectable()
export class TokenMinter {
  constructor(private readonly keys: SigningKeysService) {}

  /**
   * Fails now, before anything is recorded, if this process cannot sign for the server (for
   * example a replica that has not got the active key's private half yet).
   */
  assertCanSign(server: AuthorizationServerView): void {
    this.keys.signerFor(server.id);
  }

  /** A fresh access-token `jti`: `<familyId>.<random>`. */
  newAccessTokenJti(familyId: string): string {
    return `${familyId}.${randomId(9)}`;
  }

  /** A fresh ID-token `jti`. */
  newIdTokenJti(): string {
    return randomId(12);
  }

  /** Signs an RFC 9068 access token. */
  signAccessToken(server: AuthorizationServerView, claims: AccessTokenClaims): Promise<string> {
    return this.keys.signerFor(server.id).signAsync(
      {
        iss: server.issuer,
        sub: claims.subject,
        aud: server.audiences.length === 1 ? server.audiences[0] : server.audiences,
        exp: claims.exp,
        iat: claims.iat,
        jti: claims.jti,
        client_id: claims.clientId,
        scope: claims.scopes.join(' '),
        ...(claims.authTime !== undefined ? { auth_time: claims.authTime } : {}),
      },
      { typ: 'at+jwt' },
    );
  }

  /** Signs an OpenID Connect ID token for the client. */
  signIdToken(server: AuthorizationServerView, claims: IdTokenClaims): Promise<string> {
    return this.keys.signerFor(server.id).signAsync(
      {
        iss: server.issuer,
        sub: claims.subject,
        aud: claims.clientId,
        exp: claims.iat + ID_TOKEN_LIFETIME_SECONDS,
        iat: claims.iat,
        jti: claims.jti,
        at_hash: atHash(claims.accessToken),
        ...(claims.authTime !== undefined ? { auth_time: claims.authTime } : {}),
        ...(claims.username !== undefined ? { preferred_username: claims.username } : {}),
      },
      { typ: 'JWT' },
    );
  }
}

/** Left half of SHA-256 of the access token, base64url (OIDC Core §3.3.2.11 for ES256). */
function atHash(accessToken: string): string {
  return hash('sha256', accessToken, 'buffer').subarray(0, 16).toString('base64url');
}
