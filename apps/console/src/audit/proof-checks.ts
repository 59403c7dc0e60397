import { isHash, leafHash, verifyConsistency, verifyInclusion, type Sha256 } from './merkle-verify';
import { verifySeal, type SealFields, type SealingJwk } from './seal-verify';

/**
 * What the console checks in the browser before it says "verified": each step is named, and the
 * first that fails is the reason shown. Inputs are what the audit API answered (untrusted) and
 * what the page already shows (the event's chain hash in the timeline).
 */

export type Check = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const passed: Check = { ok: true };
const failed = (reason: string): Check => ({ ok: false, reason });

/** `GET /api/v1/audit/events/{position}/proof`. */
export interface EventProof {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: string;
  readonly leafInput: string;
  readonly removed: boolean;
  readonly proof: readonly string[];
}

/** The event as the timeline shows it. */
export interface ShownEvent {
  readonly streamName: string;
  readonly revision: string;
  /** Its chain hash (the SHA-256 of its canonical form), as the timeline shows it. */
  readonly hash: string | null;
}

/**
 * An event's inclusion, end to end: the leaf input names this event and its content hash is the
 * one the timeline shows; the leaf hash is recomputed here; the path leads from it to the root
 * of `seal`, whose signature verifies with a published key and covers that tree size.
 */
export async function checkEventInclusion(event: ShownEvent, answer: EventProof, seal: SealFields, keys: readonly SealingJwk[], sha256: Sha256): Promise<Check> {
  let leaf: Record<string, unknown>;
  try {
    leaf = JSON.parse(answer.leafInput) as Record<string, unknown>;
  } catch {
    return failed('the leaf input is not JSON');
  }
  if (leaf.streamName !== event.streamName || leaf.revision !== event.revision) {
    return failed(`the leaf is ${String(leaf.streamName)} #${String(leaf.revision)}, not this event`);
  }
  if (!event.hash) return failed('the timeline has no hash for this event to compare with');
  if (leaf.contentHash !== event.hash) return failed(`the leaf's content hash ${String(leaf.contentHash)} is not the event's ${event.hash}`);
  const recomputed = await leafHash(sha256, answer.leafInput);
  if (answer.leafHash !== recomputed) return failed('the leaf hash served is not SHA-256(0x00 ‖ leaf input)');
  if (answer.treeSize !== seal.treeSize) return failed(`the proof is for a tree of ${answer.treeSize}, the seal covers ${seal.treeSize}`);
  if (!(await verifyInclusion(sha256, recomputed, answer.leafIndex, answer.treeSize, answer.proof, seal.rootHash))) {
    return failed(`the inclusion path does not lead to the seal's root`);
  }
  const signature = await verifySeal(seal, keys, sha256);
  return signature.ok ? passed : failed(`the seal's signature: ${signature.reason}`);
}

/**
 * A consistency proof from the tree of `from` leaves (root `fromRoot`, from a seal or kept by
 * the auditor) to `to`, a seal whose signature is checked here.
 */
export async function checkConsistency(from: { treeSize: number; rootHash: string }, to: SealFields, proof: readonly string[], keys: readonly SealingJwk[], sha256: Sha256): Promise<Check> {
  if (!isHash(from.rootHash)) return failed(`the root of the tree of ${from.treeSize} is not a SHA-256 hex hash`);
  const signature = await verifySeal(to, keys, sha256);
  if (!signature.ok) return failed(`the seal's signature: ${signature.reason}`);
  if (!(await verifyConsistency(sha256, from.treeSize, to.treeSize, proof, from.rootHash, to.rootHash))) {
    return failed(`the proof does not show the tree of ${to.treeSize} extends the tree of ${from.treeSize} with that root`);
  }
  return passed;
}

/** The older tree head of a consistency check, and where its root came from. */
export interface OlderHead {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly source: string;
}

/**
 * Consistency from the tree of `m` leaves to the seal `to`, with the older root from the seal of
 * exactly `m` leaves when the service has one (its signature checked; a root the auditor gave
 * must then equal its root), else from the auditor (`given`: kept or typed in).
 */
export async function checkConsistencyFrom(
  m: number,
  given: { readonly rootHash: string; readonly source: string } | null,
  sealOfM: SealFields | null,
  to: SealFields,
  proof: readonly string[],
  keys: readonly SealingJwk[],
  sha256: Sha256,
): Promise<{ readonly from: OlderHead; readonly check: Check }> {
  let from: OlderHead = { treeSize: m, rootHash: given?.rootHash ?? '', source: given?.source ?? 'none' };
  if (sealOfM) {
    const signature = await verifySeal(sealOfM, keys, sha256);
    if (!signature.ok) return { from, check: failed(`the seal of ${m} leaves: ${signature.reason}`) };
    if (sealOfM.treeSize !== m) return { from, check: failed(`the seal served for ${m} leaves covers ${sealOfM.treeSize}`) };
    if (given && given.rootHash !== sealOfM.rootHash) return { from, check: failed(`the seal of ${m} leaves has the root ${sealOfM.rootHash}, not the one ${given.source}`) };
    from = { treeSize: m, rootHash: sealOfM.rootHash, source: `the seal of ${m} leaves, its signature verified in this browser` };
  } else if (!given) {
    return { from, check: failed(`no seal has exactly ${m} leaves: enter the root you kept for that tree size`) };
  }
  return { from, check: await checkConsistency(from, to, proof, keys, sha256) };
}
