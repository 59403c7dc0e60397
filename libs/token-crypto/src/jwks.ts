/**
 * A public JSON Web Key (RFC 7517) as this project publishes and verifies with. Declared here so
 * no other package needs jose's types.
 */
export interface PublicJwk {
  readonly kty: string;
  readonly kid?: string;
  readonly alg?: string;
  readonly use?: string;
  /** EC and OKP members. */
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
  /** RSA members. */
  readonly n?: string;
  readonly e?: string;
}

/** A JWK Set document (RFC 7517 §5), the body of `GET /oauth2/{as}/v1/keys`. */
export interface PublicJwks {
  readonly keys: PublicJwk[];
}

// An allow-list, not a deny-list of private members (`d`, `p`, `q`, `dp`, `dq`, `qi`, `k`, `oth`):
// a member nobody thought of stays private by default.
const PUBLIC_MEMBERS = ['kty', 'kid', 'use', 'alg', 'crv', 'x', 'y', 'n', 'e'] as const;

/**
 * Copies only the public members of a JWK (`kty`, `kid`, `use`, `alg`, `crv`, `x`, `y`, `n`,
 * `e`), dropping private parameters and anything else.
 */
export function toPublicJwk(jwk: PublicJwk | Readonly<Record<string, unknown>>): PublicJwk {
  const source = jwk as Readonly<Record<string, unknown>>;
  const out: Record<string, string> = {};
  for (const member of PUBLIC_MEMBERS) {
    const value = source[member];
    if (typeof value === 'string') out[member] = value;
  }
  return out as unknown as PublicJwk;
}

/**
 * Builds the JWK Set an authorization server publishes, with only public key members.
 *
 * @see RFC 7517 §5, RFC 8414 `jwks_uri`
 */
export function createJwks(keys: ReadonlyArray<PublicJwk | Readonly<Record<string, unknown>>>): PublicJwks {
  return { keys: keys.map(toPublicJwk) };
}
