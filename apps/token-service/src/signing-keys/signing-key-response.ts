import { signingKeyStatusAt, type RecordedSigningKey, type SigningKeyStatus, type SigningKeysState } from '@ledger/domain';
import { toPublicJwk } from '@ledger/token-crypto';

/**
 * A signing key as Okta's Authorization Server Keys API shows it (`GET …/credentials/keys`),
 * the public JWK members (`crv`, `x`, `y` for an EC key; `n`, `e` for an RSA one), `status`, and when it was created and retires. Never a
 * private member: the JWK goes through the public-member allow-list even though the events hold
 * only public keys.
 *
 * `status` is `ACTIVE` (signs), `NEXT` (published, not signing yet), `EXPIRED` (replaced, still
 * published until `retiresAt`) or `RETIRED` (past `retiresAt`: unpublished, kept for history);
 * see the domain's `SigningKeyStatus`.
 */
export interface SigningKeyResponse {
  readonly kid: string;
  readonly alg: string;
  readonly use: 'sig';
  readonly kty: string;
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
  readonly n?: string;
  readonly e?: string;
  readonly status: SigningKeyStatus;
  /** ISO 8601. */
  readonly created: string;
  /** ISO 8601 once a rotation replaced the key; `null` while it signs (or has not yet). */
  readonly retiresAt: string | null;
}

/** Maps a recorded key to the Okta shape, with its status at `now` (epoch ms). */
export function toSigningKeyResponse(state: SigningKeysState, key: RecordedSigningKey, now: number): SigningKeyResponse {
  const jwk = toPublicJwk(key.publicJwk);
  return {
    kid: key.kid,
    alg: key.alg,
    use: 'sig',
    kty: jwk.kty,
    ...(jwk.kty === 'RSA' ? { n: jwk.n ?? '', e: jwk.e ?? '' } : { crv: jwk.crv ?? '', x: jwk.x ?? '', y: jwk.y ?? '' }),
    status: signingKeyStatusAt(state, key, now),
    created: new Date(key.createdAt).toISOString(),
    retiresAt: key.retiresAt === undefined ? null : new Date(key.retiresAt).toISOString(),
  };
}
