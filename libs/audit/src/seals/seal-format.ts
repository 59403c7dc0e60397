import { hash } from 'node:crypto';
import { canonicalJson, type GlobalPosition } from '@ledger/event-sourcing';

export { LEDGER_SEALED, LEDGER_SEALS_STREAM } from '../ledger-streams';
/** The stream that records the generated sealing key (its private half wrapped under the KEK). */
export const SEALING_KEYS_STREAM = 'sealingKeys';
/** The sealing-key event type. */
export const SEALING_KEY_CREATED = 'SealingKeyCreated';
/** The same sealing key wrapped again, under the current key-encryption key (its rotation). */
export const SEALING_KEY_REWRAPPED = 'SealingKeyRewrapped';
/** Version of the seal format below; a verifier refuses another one. */
export const SEAL_VERSION = 1;

/** A global position in JSON: decimal strings, as everywhere on the wire. */
export interface PositionJson {
  readonly commit: string;
  readonly prepare: string;
}

/**
 * What a seal signs: the RFC 9162 tree head over the first `treeSize` leaves of the log (every
 * event in commit order but the seals themselves), chained to the previous seal.
 */
export interface SealPayload {
  readonly sealVersion: typeof SEAL_VERSION;
  /** Leaves covered. */
  readonly treeSize: number;
  /** MTH of those leaves, lowercase hex. */
  readonly rootHash: string;
  /** Position of the last covered leaf; `null` for the empty tree. */
  readonly lastPosition: PositionJson | null;
  /** SHA-256 (hex) of the previous seal's `jws`; `null` for the first seal. */
  readonly previousSealHash: string | null;
  /** When it was sealed (epoch ms, the service's clock). */
  readonly sealedAt: number;
  /** The sealing key (its RFC 7638 thumbprint). */
  readonly keyId: string;
}

/** The `LedgerSealed` event's data: the payload and its compact JWS (whose payload is {@link sealPayloadJson}). */
export interface LedgerSealData extends SealPayload {
  readonly jws: string;
}

/** The `SealingKeyCreated` event's data. The private half is a JWE under the key-encryption key. */
export interface SealingKeyCreatedData {
  readonly keyId: string;
  readonly publicJwk: Readonly<Record<string, string>>;
  readonly wrappedPrivateKey: string;
  readonly kekId: string;
  readonly createdAt: number;
}

/** The `SealingKeyRewrapped` event's data: the recorded key's private half under another KEK. */
export interface SealingKeyRewrappedData {
  readonly keyId: string;
  readonly wrappedPrivateKey: string;
  readonly kekId: string;
  readonly rewrappedAt: number;
}

/** The exact text a seal's JWS signs: the canonical JSON of every member but `jws`. */
export function sealPayloadJson(seal: SealPayload): string {
  const { sealVersion, treeSize, rootHash, lastPosition, previousSealHash, sealedAt, keyId } = seal;
  return canonicalJson({ sealVersion, treeSize, rootHash, lastPosition, previousSealHash, sealedAt, keyId });
}

/** What the next seal records as `previousSealHash`: SHA-256 (hex) of this seal's JWS text. */
export function sealHash(jws: string): string {
  return hash('sha256', jws, 'hex');
}

/** A position as it travels in seals. */
export function positionJson(position: GlobalPosition): PositionJson {
  return { commit: position.commit.toString(), prepare: position.prepare.toString() };
}

const HEX64 = /^[0-9a-f]{64}$/;
const DECIMAL = /^\d+$/;

/**
 * The seal an event's data holds, or `null` when it is not a well-formed seal (a verifier then
 * reports it as broken rather than trusting any of it).
 */
export function parseLedgerSeal(data: unknown): LedgerSealData | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  const lastPosition = d.lastPosition as Record<string, unknown> | null | undefined;
  const positionOk =
    lastPosition === null ||
    (typeof lastPosition === 'object' && lastPosition !== undefined && typeof lastPosition.commit === 'string' && DECIMAL.test(lastPosition.commit) && typeof lastPosition.prepare === 'string' && DECIMAL.test(lastPosition.prepare));
  if (
    d.sealVersion !== SEAL_VERSION ||
    typeof d.treeSize !== 'number' ||
    !Number.isSafeInteger(d.treeSize) ||
    d.treeSize < 0 ||
    typeof d.rootHash !== 'string' ||
    !HEX64.test(d.rootHash) ||
    !positionOk ||
    (d.previousSealHash !== null && (typeof d.previousSealHash !== 'string' || !HEX64.test(d.previousSealHash))) ||
    typeof d.sealedAt !== 'number' ||
    typeof d.keyId !== 'string' ||
    typeof d.jws !== 'string'
  ) {
    return null;
  }
  return {
    sealVersion: SEAL_VERSION,
    treeSize: d.treeSize,
    rootHash: d.rootHash,
    lastPosition: lastPosition === null ? null : { commit: lastPosition.commit as string, prepare: lastPosition.prepare as string },
    previousSealHash: d.previousSealHash as string | null,
    sealedAt: d.sealedAt,
    keyId: d.keyId,
    jws: d.jws,
  };
}

/** The sealing key an event's data records, or `null` when malformed. */
export function parseSealingKeyCreated(data: unknown): SealingKeyCreatedData | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  if (typeof d.keyId !== 'string' || typeof d.wrappedPrivateKey !== 'string' || typeof d.kekId !== 'string' || typeof d.createdAt !== 'number') return null;
  if (!d.publicJwk || typeof d.publicJwk !== 'object') return null;
  return { keyId: d.keyId, publicJwk: d.publicJwk as Record<string, string>, wrappedPrivateKey: d.wrappedPrivateKey, kekId: d.kekId, createdAt: d.createdAt };
}

/** The rewrap an event's data records, or `null` when malformed. */
export function parseSealingKeyRewrapped(data: unknown): SealingKeyRewrappedData | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  if (typeof d.keyId !== 'string' || typeof d.wrappedPrivateKey !== 'string' || typeof d.kekId !== 'string' || typeof d.rewrappedAt !== 'number') return null;
  return { keyId: d.keyId, wrappedPrivateKey: d.wrappedPrivateKey, kekId: d.kekId, rewrappedAt: d.rewrappedAt };
}
