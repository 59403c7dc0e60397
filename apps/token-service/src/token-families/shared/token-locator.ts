import { Inject, Injectable } from '@nestjs/common';
import { accessTokenLookupOptions, JwtVerificationFailed, RefreshTokenCodec, type JwtClaims, type ParsedRefreshToken } from '@ledger/token-crypto';
import type { AuthorizationServerView } from '../../configuration/configuration.registry';
import { SigningKeysService } from '../../signing-keys/signing-keys.service';
import { CLOCK, type Clock } from '../../shared/clock';

/** A presented token resolved to its family, without touching storage. */
export type LocatedToken =
  | { readonly kind: 'refresh_token'; readonly familyId: string; readonly parsed: ParsedRefreshToken }
  | { readonly kind: 'access_token'; readonly familyId: string; readonly claims: JwtClaims }
  | { readonly kind: 'unknown' };

/**
 * Tells what a presented string is (revocation and introspection accept either kind,
 * RFC 7009 §2.1 / RFC 7662 §2.1): a refresh token whose MAC verifies, or an access token whose
 * signature, issuer and `typ` verify against this authorization server's keys. Anything else,
 * including a token of another authorization server, is `unknown`. The hint only orders the
 * attempts, as RFC 7009 allows.
 */
@Injectable()
export class TokenLocator {
  constructor(
    private readonly codec: RefreshTokenCodec,
    private readonly keys: SigningKeysService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async locate(server: AuthorizationServerView, token: string, options: { ignoreExpiry?: boolean } = {}): Promise<LocatedToken> {
    const parsed = this.codec.parse(token);
    if (parsed) return { kind: 'refresh_token', familyId: parsed.familyId, parsed };
    try {
      // The keys service re-reads the key stream when the kid is one another replica just rotated to.
      const { payload } = await this.keys.verify(server.id, token, accessTokenLookupOptions(server.issuer, this.clock.now(), options));
      const familyId = typeof payload.jti === 'string' ? payload.jti.split('.')[0] : '';
      if (!familyId) return { kind: 'unknown' };
      return { kind: 'access_token', familyId, claims: payload };
    } catch (error) {
      if (error instanceof JwtVerificationFailed) return { kind: 'unknown' };
      throw error;
    }
  }
}
