import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { PublicJwk } from './jwks';
import type { VerifiedJwt, VerifyJwtOptions } from './jwt-verifier';

interface Entry {
  /** The very key list the token was verified against: a rotation or retirement replaces it. */
  readonly keys: readonly PublicJwk[];
  /** Every option except the time, so a hit means "the same checks, on the same bytes". */
  readonly checks: string;
  readonly verified: VerifiedJwt;
}

/**
 * JWTs that passed {@link verifyJwt}, so a resource server introspecting the same access token
 * again and again costs a SHA-256 and a lookup instead of an ECDSA verification (about three
 * quarters of an introspection's CPU before this).
 *
 * A hit requires the same token bytes (the key is the SHA-256 of the whole compact token, so a
 * forged or altered token can never match, and no raw token is held here), the same key list
 * object still listing the key that verified it (the signing-keys service publishes a new list
 * whenever a key rotates in or retires, so a token signed by a retired key is verified afresh
 * and refused) and the same options except
 * the time. The time claims are then checked again exactly as jose checks them (`nbf`, `exp`
 * with the tolerance; `iat` is only type-checked without a maximum age, which a hit already
 * passed); a token that no longer passes them is dropped and verified in full, so the caller
 * gets jose's own error. Bounded, least recently used out first.
 */
export class VerifiedJwtCache {
  private readonly entries: LRUCache<string, Entry>;

  constructor(maxEntries: number) {
    this.entries = new LRUCache<string, Entry>({ max: maxEntries });
  }

  /** The earlier verification of this token with these keys and options, when it still holds at `options.currentDate`. */
  get(token: string, keys: readonly PublicJwk[], options: Omit<VerifyJwtOptions, 'keys'>): VerifiedJwt | undefined {
    const id = tokenId(token);
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    if (entry.keys !== keys || !stillListed(entry.verified, keys) || entry.checks !== checksOf(options) || !timeClaimsHold(entry.verified, options)) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.verified;
  }

  /** Records a verification that just succeeded. */
  remember(token: string, keys: readonly PublicJwk[], options: Omit<VerifyJwtOptions, 'keys'>, verified: VerifiedJwt): void {
    this.entries.set(tokenId(token), { keys, checks: checksOf(options), verified });
  }

  /** How many verified tokens are remembered (for tests). */
  get size(): number {
    return this.entries.size;
  }
}

function tokenId(token: string): string {
  return hash('sha256', token, 'base64url');
}

/** The key that verified the token is still in the list (a list edited in place, say). */
function stillListed({ protectedHeader }: VerifiedJwt, keys: readonly PublicJwk[]): boolean {
  return keys.some((key) => key.kid === protectedHeader.kid);
}

function checksOf(options: Omit<VerifyJwtOptions, 'keys'>): string {
  return JSON.stringify([options.issuer, options.audience ?? null, options.typ ?? null, options.clockToleranceSeconds ?? 0, options.requiredClaims ?? null]);
}

/** jose 5's time checks of `jwtVerify` without `maxTokenAge` (lib/jwt_claims_set.js). */
function timeClaimsHold({ payload }: VerifiedJwt, options: Omit<VerifyJwtOptions, 'keys'>): boolean {
  const now = Math.floor(options.currentDate.getTime() / 1000);
  const tolerance = options.clockToleranceSeconds ?? 0;
  if (typeof payload.nbf === 'number' && payload.nbf > now + tolerance) return false;
  if (typeof payload.exp === 'number' && payload.exp <= now - tolerance) return false;
  return true;
}
