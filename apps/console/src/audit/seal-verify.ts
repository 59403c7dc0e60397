import { toHex, type Sha256 } from './merkle-verify';

/**
 * A seal's signature, checked in the browser with WebCrypto's Ed25519 against the published
 * sealing keys: the JWS header must be exactly `EdDSA`, `ledger-seal+jws` and the seal's `kid`
 * (nothing else is taken from it), the key's id must be its RFC 7638 thumbprint, and the signed
 * payload must say exactly what the seal's fields say. Only then are the seal's root and tree
 * size worth checking proofs against.
 */

/** The members of a seal (`GET /api/v1/audit/seals/latest`) the signature covers, and the JWS. */
export interface SealFields {
  readonly sealVersion: number;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly lastPosition: { readonly commit: string; readonly prepare: string } | null;
  readonly previousSealHash: string | null;
  readonly sealedAt: number;
  readonly keyId: string;
  readonly jws: string;
  /** SHA-256 (hex) of `jws`. */
  readonly sealHash: string;
}

/** A published sealing key (`GET /api/v1/audit/sealing-keys`). */
export interface SealingJwk {
  readonly kty: string;
  readonly crv: string;
  readonly x: string;
  readonly kid: string;
}

export type SealVerdict = { readonly ok: true; readonly keyId: string } | { readonly ok: false; readonly reason: string };

const SEAL_JWS_TYPE = 'ledger-seal+jws';
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Verifies `seal.jws` with the key of `keys` it names; every failure says why. */
export async function verifySeal(seal: SealFields, keys: readonly SealingJwk[], sha256: Sha256, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<SealVerdict> {
  const fail = (reason: string): SealVerdict => ({ ok: false, reason });
  const parts = typeof seal.jws === 'string' ? seal.jws.split('.') : [];
  if (parts.length !== 3 || !parts.every((p) => BASE64URL.test(p))) return fail('the JWS is not a compact JWS');
  const header = parseJson(parts[0]);
  if (!header || header.alg !== 'EdDSA' || header.typ !== SEAL_JWS_TYPE || typeof header.kid !== 'string' || 'crit' in header) {
    return fail(`the JWS header is not {alg: EdDSA, typ: ${SEAL_JWS_TYPE}, kid}`);
  }
  if (header.kid !== seal.keyId) return fail(`signed by key ${header.kid}, but the seal names ${seal.keyId}`);
  const jwk = keys.find((k) => k.kid === header.kid);
  if (!jwk) return fail(`no published sealing key has the id ${header.kid}`);
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') return fail(`key ${jwk.kid} is not an Ed25519 key`);
  if ((await thumbprint(jwk.x, sha256)) !== jwk.kid) return fail(`key ${jwk.kid} is not the key its id is the thumbprint of`);

  let valid: boolean;
  try {
    const key = await subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, { name: 'Ed25519' }, false, ['verify']);
    valid = await subtle.verify({ name: 'Ed25519' }, key, fromBase64url(parts[2]) as BufferSource, new TextEncoder().encode(`${parts[0]}.${parts[1]}`));
  } catch (error) {
    return fail(`the signature could not be checked: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!valid) return fail('the signature does not verify');

  const payload = parseJson(parts[1]);
  if (!payload) return fail('the signed payload is not JSON');
  for (const member of ['sealVersion', 'treeSize', 'rootHash', 'previousSealHash', 'sealedAt', 'keyId'] as const) {
    if (payload[member] !== seal[member]) return fail(`the signed ${member} (${String(payload[member])}) is not the seal's (${String(seal[member])})`);
  }
  const signedPosition = payload.lastPosition as SealFields['lastPosition'] | undefined;
  const samePosition =
    signedPosition === null || seal.lastPosition === null
      ? signedPosition === seal.lastPosition
      : signedPosition?.commit === seal.lastPosition.commit && signedPosition?.prepare === seal.lastPosition.prepare;
  if (!samePosition) return fail("the signed lastPosition is not the seal's");
  if (toHex(await sha256(new TextEncoder().encode(seal.jws))) !== seal.sealHash) return fail('the seal hash is not the SHA-256 of its JWS');
  return { ok: true, keyId: jwk.kid };
}

/** RFC 7638 thumbprint of an Ed25519 public key: base64url(SHA-256 of its required members, sorted, no spaces). */
async function thumbprint(x: string, sha256: Sha256): Promise<string> {
  const canonical = `{"crv":"Ed25519","kty":"OKP","x":${JSON.stringify(x)}}`;
  return toBase64url(await sha256(new TextEncoder().encode(canonical)));
}

function parseJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64url(part)));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function fromBase64url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function toBase64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
