import { createHmac, hash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';
import { TokenCryptoArgumentInvalid } from './errors';

/** What the event log keeps of a refresh token: its id and the hash of its secret, never the token. */
export interface RefreshTokenRecord {
  /** `<familyId>.<sequence>`: unique within the family, safe to log and to put in events. */
  readonly id: string;
  /** 0 for the token issued with the family, +1 on every rotation. */
  readonly sequence: number;
  /** Lowercase hex SHA-256 of the secret part ({@link refreshTokenHash}). */
  readonly hash: string;
}

/**
 * A freshly minted refresh token: the string for the client, and the record for the event.
 * `JSON.stringify` and `util.inspect` show only the record, so the raw token does not end up in
 * a log line by accident; read `token` explicitly to put it in the response.
 */
export interface MintedRefreshToken {
  readonly token: string;
  readonly record: RefreshTokenRecord;
}

/**
 * A refresh token that passed {@link RefreshTokenCodec.parse}: it was minted by this server
 * (the tag is authentic), so its family can be loaded. Whether it is still valid is the token
 * family's decision. `secret` is an accessor, invisible to `JSON.stringify`, `util.inspect` and
 * object spread.
 */
export interface ParsedRefreshToken {
  readonly familyId: string;
  readonly sequence: number;
  readonly id: string;
  readonly hash: string;
  readonly secret: string;
}

const PREFIX = 'tlr1';

/** Longer input is refused before any other work: the longest valid token is ~150 characters. */
const MAX_TOKEN_LENGTH = 256;

const FAMILY_ID = /^[A-Za-z0-9_-]{1,64}$/;

// One anchored pattern for the whole token. The last character of the secret (32 bytes, 43
// characters) and of the tag (16 bytes, 22 characters) is restricted to the values whose unused
// low bits are zero, so every byte string has exactly one accepted spelling. The sequence is a
// canonical decimal: no sign, no leading zeros, at most 16 digits (checked against 2^53 below).
const TOKEN =
  /^tlr1\.([A-Za-z0-9_-]{1,64})\.(0|[1-9][0-9]{0,15})\.([A-Za-z0-9_-]{42}[AEIMQUYcgkosw048])\.([A-Za-z0-9_-]{21}[AQgw])$/;

const SECRET_BYTES = 32;
const TAG_BYTES = 16;
const MIN_SERVER_KEY_BYTES = 32;

/**
 * Mints, authenticates and rotates opaque refresh tokens of the form
 * `tlr1.<familyId>.<sequence>.<secret>.<tag>`.
 *
 * - The token names its family, so the refresh path loads one stream with no index lookup.
 * - The tag (HMAC-SHA256 under a server key, truncated to 128 bits) rejects forged or
 *   mistyped strings before any storage read, so a guessed family id cannot make the server
 *   load, let alone revoke, someone's family (SPEC §5).
 * - Only `hash` (SHA-256 of the 256-bit secret) is stored; a fast hash is enough for a secret
 *   with that much entropy.
 * - The successor is derived, not random: an HMAC of the presented token's family, sequence and
 *   secret under a second key. A client presenting the immediately previous token again inside
 *   the leeway therefore gets the very same successor, while the server still stores no raw
 *   token (SPEC §5, leeway).
 *
 * The tag key and the successor key are separate HKDF-SHA256 subkeys of the server key, so
 * neither output can be used as the other.
 */
export class RefreshTokenCodec {
  readonly #tagKey: Buffer;
  readonly #successorKey: Buffer;

  /** @param serverKey at least 32 bytes, e.g. from `loadOrCreateSecretKey`. */
  constructor(serverKey: Buffer) {
    if (!Buffer.isBuffer(serverKey) || serverKey.length < MIN_SERVER_KEY_BYTES) {
      throw new TokenCryptoArgumentInvalid('serverKey', `must be a Buffer of at least ${MIN_SERVER_KEY_BYTES} bytes`);
    }
    this.#tagKey = deriveSubkey(serverKey, 'token-ledger refresh-token tag v1');
    this.#successorKey = deriveSubkey(serverKey, 'token-ledger refresh-token successor v1');
  }

  /** Mints the first refresh token (sequence 0, random secret) of a new family. */
  mint(familyId: string): MintedRefreshToken {
    if (typeof familyId !== 'string' || !FAMILY_ID.test(familyId)) {
      throw new TokenCryptoArgumentInvalid('familyId', 'must be 1 to 64 base64url characters');
    }
    return this.#seal(familyId, 0, randomBytes(SECRET_BYTES).toString('base64url'));
  }

  /**
   * Checks syntax and tag of a presented refresh token; `null` for anything this server did not
   * mint (malformed, too long, forged, tampered, or minted under another server key). The tag
   * is compared in constant time.
   */
  parse(token: string): ParsedRefreshToken | null {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
    const match = TOKEN.exec(token);
    if (!match) return null;
    const [, familyId, sequenceText, secret, tag] = match as unknown as [string, string, string, string, string];
    const sequence = Number(sequenceText);
    if (!Number.isSafeInteger(sequence)) return null;
    const expected = this.#tag(familyId, sequence, secret);
    const presented = Buffer.from(tag, 'base64url');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return null;
    return new ParsedToken(familyId, sequence, secret);
  }

  /**
   * The token that replaces `parsed` on rotation: sequence + 1 and a secret derived from the
   * presented one. Deterministic, so the same presented token always yields the same successor.
   */
  successorOf(parsed: ParsedRefreshToken): MintedRefreshToken {
    const sequence = parsed.sequence + 1;
    if (!Number.isSafeInteger(sequence)) throw new TokenCryptoArgumentInvalid('parsed.sequence', 'cannot be incremented');
    const secret = createHmac('sha256', this.#successorKey)
      .update(`${parsed.familyId}.${parsed.sequence}.${parsed.secret}`)
      .digest()
      .toString('base64url');
    return this.#seal(parsed.familyId, sequence, secret);
  }

  toJSON(): Record<string, never> {
    return {};
  }

  [inspect.custom](): string {
    return 'RefreshTokenCodec {}';
  }

  #seal(familyId: string, sequence: number, secret: string): MintedRefreshToken {
    const body = `${PREFIX}.${familyId}.${sequence}.${secret}`;
    const token = `${body}.${this.#tag(familyId, sequence, secret).toString('base64url')}`;
    return new MintedToken(token, { id: refreshTokenId(familyId, sequence), sequence, hash: refreshTokenHash(secret) });
  }

  #tag(familyId: string, sequence: number, secret: string): Buffer {
    return createHmac('sha256', this.#tagKey)
      .update(`${PREFIX}.${familyId}.${sequence}.${secret}`)
      .digest()
      .subarray(0, TAG_BYTES);
  }
}

/**
 * The stored form of a refresh token's secret part: lowercase hex SHA-256 of the secret string.
 * Events and read models hold this, never the secret.
 */
export function refreshTokenHash(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** The loggable id of a refresh token, `<familyId>.<sequence>`. */
export function refreshTokenId(familyId: string, sequence: number): string {
  return `${familyId}.${sequence}`;
}

function deriveSubkey(serverKey: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', serverKey, Buffer.alloc(0), info, 32));
}

/** Keeps the raw token out of `JSON.stringify` and `util.inspect`. */
class MintedToken implements MintedRefreshToken {
  constructor(
    readonly token: string,
    readonly record: RefreshTokenRecord,
  ) {
    Object.freeze(record);
  }

  toJSON(): { record: RefreshTokenRecord } {
    return { record: this.record };
  }

  [inspect.custom](): string {
    return `MintedRefreshToken { id: '${this.record.id}' }`;
  }
}

/** The secret sits in a private field behind a prototype getter: no serialiser enumerates it. */
class ParsedToken implements ParsedRefreshToken {
  readonly id: string;
  readonly hash: string;
  readonly #secret: string;

  constructor(
    readonly familyId: string,
    readonly sequence: number,
    secret: string,
  ) {
    this.id = refreshTokenId(familyId, sequence);
    this.hash = refreshTokenHash(secret);
    this.#secret = secret;
  }

  get secret(): string {
    return this.#secret;
  }

  toJSON(): { familyId: string; sequence: number; id: string; hash: string } {
    return { familyId: this.familyId, sequence: this.sequence, id: this.id, hash: this.hash };
  }

  [inspect.custom](): string {
    return `ParsedRefreshToken { id: '${this.id}' }`;
  }
}
