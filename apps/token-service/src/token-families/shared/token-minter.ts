import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { JwtSigningThread, randomId, type SignedTokens } from '@ledger/token-crypto';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
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
  /** The person's user id, when the login service gave one (Okta's `uid`). */
  readonly userId?: string;
  /** RFC 9449 `cnf.jkt`: the DPoP key the token is bound to. */
  readonly jkt?: string;
}

export interface IdTokenClaims {
  readonly subject: string;
  readonly clientId: string;
  readonly jti: string;
  readonly iat: number;
  readonly authTime?: number;
  readonly username?: string;
}

/**
 * Mints the signed JWTs of a token response with the authorization server's active key.
 * Access tokens follow RFC 9068 (`typ: at+jwt`); their `jti` starts with the family id, so
 * introspection and revocation find the family without an index.
 */
@Injectable()
export class TokenMinter implements OnApplicationShutdown {
  private readonly logger = new Logger(TokenMinter.name);
  /** Where {@link signTokensSoon} signs; null when `LEDGER_SIGNING_THREAD=off`. */
  private readonly thread: JwtSigningThread | null;

  constructor(
    private readonly keys: SigningKeysService,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.thread = config.signingThread
      ? JwtSigningThread.start({
          onFailure: (error) => this.logger.error({ msg: 'signing thread failed; signing on the event loop from now on', error: error.message }),
        })
      : null;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.thread?.close();
  }

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

  /**
   * Signs a token response's RFC 9068 access token and, when `id` is given, its OpenID Connect
   * ID token for the client, whose `at_hash` is that access token's (OIDC Core §3.3.2.11).
   */
  signTokens(server: AuthorizationServerView, access: AccessTokenClaims, id?: IdTokenClaims): SignedTokens {
    return this.keys.signerFor(server.id).signTokens(...payloads(server, access, id));
  }

  /**
   * {@link signTokens} on the signing thread (on the event loop when it is off): for a caller
   * that has other work to wait on meanwhile, such as the commit of the events that record these
   * tokens. The signer is the active key's now, when the call is made.
   */
  signTokensSoon(server: AuthorizationServerView, access: AccessTokenClaims, id?: IdTokenClaims): Promise<SignedTokens> {
    if (!this.thread) return Promise.resolve(this.signTokens(server, access, id));
    return this.keys.signerFor(server.id).signTokensOn(this.thread, ...payloads(server, access, id));
  }
}

/**
 * Okta's access-token claims, beside RFC 9068's: `ver` 1, `cid` (the client), `uid` (only when
 * a user id is known: never for `client_credentials`) and `scp`, the scopes as an array.
 */
function oktaClaims(access: AccessTokenClaims): Record<string, unknown> {
  return {
    ver: 1,
    cid: access.clientId,
    ...(access.userId !== undefined ? { uid: access.userId } : {}),
    scp: [...access.scopes],
  };
}

/** The JWT claim sets of a token response (the ID token's `at_hash` is the signer's to fill). */
function payloads(
  server: AuthorizationServerView,
  access: AccessTokenClaims,
  id: IdTokenClaims | undefined,
): [accessPayload: Record<string, unknown>, idPayload: Record<string, unknown> | undefined] {
  const accessPayload = {
    iss: server.issuer,
    sub: access.subject,
    aud: server.audiences.length === 1 ? server.audiences[0] : server.audiences,
    exp: access.exp,
    iat: access.iat,
    jti: access.jti,
    client_id: access.clientId,
    scope: access.scopes.join(' '),
    ...(access.authTime !== undefined ? { auth_time: access.authTime } : {}),
    ...(server.oktaAccessTokenClaims ? oktaClaims(access) : {}),
    ...(access.jkt !== undefined ? { cnf: { jkt: access.jkt } } : {}),
  };
  const idPayload = id
    ? {
        iss: server.issuer,
        sub: id.subject,
        aud: id.clientId,
        exp: id.iat + ID_TOKEN_LIFETIME_SECONDS,
        iat: id.iat,
        jti: id.jti,
        at_hash: '', // set by the signer from the access token
        ...(id.authTime !== undefined ? { auth_time: id.authTime } : {}),
        ...(id.username !== undefined ? { preferred_username: id.username } : {}),
      }
    : undefined;
  return [accessPayload, idPayload];
}
