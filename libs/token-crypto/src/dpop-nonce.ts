import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { TokenCryptoArgumentInvalid } from './errors';

const MIN_SERVER_KEY_BYTES = 32;
const TAG_BYTES = 16;
const NONCE = /^([0-9]{1,15})\.([A-Za-z0-9_-]{22})$/;

/**
 * Server-provided DPoP nonces (RFC 9449 §8) that need no storage: a nonce is a time slot and
 * an HMAC of it under a subkey of the server key, so every replica sharing that key issues and
 * accepts the same nonces, and a restart forgets nothing. A nonce is accepted during its own
 * slot and the next one, so a client that just received one never sees it refused at once.
 */
export class DpopNonces {
  readonly #key: Buffer;

  /**
   * @param serverKey at least 32 bytes (the refresh-token server key; a separate HKDF subkey is used)
   * @param slotSeconds how long a nonce is the current one
   */
  constructor(
    serverKey: Buffer,
    private readonly slotSeconds: number,
  ) {
    if (!Buffer.isBuffer(serverKey) || serverKey.length < MIN_SERVER_KEY_BYTES) {
      throw new TokenCryptoArgumentInvalid('serverKey', `must be a Buffer of at least ${MIN_SERVER_KEY_BYTES} bytes`);
    }
    if (!Number.isInteger(slotSeconds) || slotSeconds < 1) throw new TokenCryptoArgumentInvalid('slotSeconds', 'must be a positive integer');
    this.#key = Buffer.from(hkdfSync('sha256', serverKey, Buffer.alloc(0), 'token-ledger dpop nonce v1', 32));
  }

  /** The nonce to hand out at `nowMs` (a `DPoP-Nonce` header value). */
  current(nowMs: number): string {
    const slot = Math.floor(nowMs / 1000 / this.slotSeconds);
    return `${slot}.${this.#tag(slot).toString('base64url')}`;
  }

  /** Whether `nonce` was issued by {@link current} in this slot or the previous one. */
  accepts(nonce: string, nowMs: number): boolean {
    const match = NONCE.exec(nonce);
    if (!match) return false;
    const slot = Number(match[1]);
    const now = Math.floor(nowMs / 1000 / this.slotSeconds);
    if (slot !== now && slot !== now - 1) return false;
    const presented = Buffer.from(match[2] as string, 'base64url');
    const expected = this.#tag(slot);
    return presented.length === expected.length && timingSafeEqual(presented, expected);
  }

  toJSON(): Record<string, never> {
    return {};
  }

  #tag(slot: number): Buffer {
    return createHmac('sha256', this.#key).update(`dpop-nonce.${slot}`).digest().subarray(0, TAG_BYTES);
  }
}
