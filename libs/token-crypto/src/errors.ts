/**
 * The error family of `@ledger/token-crypto`.
 *
 * Every class carries a stable string `code` to switch on. Messages and details name files,
 * environment variables, key ids and library codes, never key material, secrets or tokens, so
 * an error can be logged as it is.
 */

/** Base class of every error thrown by this library; switch on `code`. */
export abstract class TokenCryptoError extends Error {
  abstract readonly code: string;
}

/** Stable reasons a JWT was refused by {@link verifyJwt}. */
export type JwtVerificationCode =
  /** Not a compact JWS/JWT at all (wrong shape, bad base64url, claims not a JSON object). */
  | 'jwt_malformed'
  /** The signature does not match the header and payload under the selected key. */
  | 'jwt_signature_invalid'
  /** No (or more than one) key of the authorization server matches the header's `kid`/`alg`. */
  | 'jwt_key_unknown'
  /** The `alg` is not one this service signs with. */
  | 'jwt_alg_not_allowed'
  /** `exp` is at or before `currentDate` (minus the tolerance). */
  | 'jwt_expired'
  /** `nbf` is after `currentDate` (plus the tolerance). */
  | 'jwt_not_yet_valid'
  /** A claim or header check failed (`iss`, `aud`, `typ`, `iat`, a required claim...); see `claim`. */
  | 'jwt_claim_invalid'
  /** Anything else jose refused. */
  | 'jwt_invalid';

/**
 * A JWT failed verification.
 *
 * `code` is the project's stable reason; `detail` is jose's own error code (e.g.
 * `ERR_JWT_EXPIRED`) for logs and tests. Neither the token nor its claims are attached: jose's
 * claim errors carry the decoded payload, which is why the jose error is not kept as `cause`.
 */
export class JwtVerificationFailed extends TokenCryptoError {
  override readonly name = 'JwtVerificationFailed';
  constructor(
    readonly code: JwtVerificationCode,
    /** jose's error code (`ERR_...`), or a short local reason when jose was not reached. */
    readonly detail: string,
    /** The claim or header parameter that failed, for `jwt_claim_invalid` and friends. */
    readonly claim?: string,
  ) {
    super(claim ? `${code}: ${detail} (${claim})` : `${code}: ${detail}`);
  }
}

/**
 * A key file is readable or writable by group or others, so it is refused before it is read.
 * Fix with `chmod 600 <path>`.
 */
export class KeyFileInsecure extends TokenCryptoError {
  readonly code = 'key_file_insecure' as const;
  override readonly name = 'KeyFileInsecure';
  constructor(
    readonly path: string,
    /** The permission bits found, e.g. `0o640`. */
    readonly mode: number,
  ) {
    super(`key file ${path} has mode ${mode.toString(8).padStart(4, '0')}; it must not be accessible by group or others (chmod 600)`);
  }
}

/**
 * Key material (a key file or an environment variable) could not be used: unreadable,
 * malformed, too short, or not matching its key id. Names the source, never the content.
 */
export class KeyMaterialInvalid extends TokenCryptoError {
  readonly code = 'key_material_invalid' as const;
  override readonly name = 'KeyMaterialInvalid';
  constructor(
    /** A file path, or `env:<NAME>` for an environment variable. */
    readonly source: string,
    /** A short fixed description of what is wrong, e.g. `not valid JSON`. */
    readonly reason: string,
  ) {
    super(`key material in ${source} is invalid: ${reason}`);
  }
}

/**
 * A stored client-secret hash has an unknown scheme or a malformed body: a configuration bug,
 * not a wrong secret (which is simply `false`).
 */
export class ClientSecretHashInvalid extends TokenCryptoError {
  readonly code = 'client_secret_hash_invalid' as const;
  override readonly name = 'ClientSecretHashInvalid';
  constructor(readonly reason: string) {
    super(`stored client secret hash is invalid: ${reason}`);
  }
}

/** A caller passed an argument this library refuses (bad identifier, short key, ...). */
export class TokenCryptoArgumentInvalid extends TokenCryptoError {
  readonly code = 'token_crypto_argument_invalid' as const;
  override readonly name = 'TokenCryptoArgumentInvalid';
  constructor(
    readonly argument: string,
    readonly reason: string,
  ) {
    super(`${argument}: ${reason}`);
  }
}

/**
 * A wrapped private key could not be unwrapped: it names a key-encryption key this process does
 * not hold (set it in `LEDGER_PREVIOUS_KEY_ENCRYPTION_KEYS` until the keys are rewrapped), or it
 * does not decrypt under the one it names. Names the key-encryption key's id, never a key.
 */
export class KeyUnwrapFailed extends TokenCryptoError {
  readonly code = 'key_unwrap_failed' as const;
  override readonly name = 'KeyUnwrapFailed';
  constructor(
    /** The id of the key-encryption key the JWE names, or `undefined` when it names none. */
    readonly kekId: string | undefined,
    readonly reason: string,
  ) {
    super(`a wrapped private key cannot be unwrapped (key-encryption key ${kekId ?? 'not named'}): ${reason}`);
  }
}
