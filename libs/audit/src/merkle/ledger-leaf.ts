import { canonicalJson, type GlobalPosition } from '@ledger/event-sourcing';
import { LEDGER_SEALS_STREAM } from '../ledger-streams';
import { hash } from 'node:crypto';

/** What a leaf of the ledger's tree commits to: where the event is, and its content hash. */
export interface LedgerLeafFields {
  readonly streamName: string;
  readonly revision: bigint;
  readonly type: string;
  readonly position: GlobalPosition;
  /** `eventHash(event)` (hex): covers id, type, data and metadata, so the leaf covers them too. */
  readonly contentHash: string;
}

/**
 * The leaf input of an event, as text: its UTF-8 bytes are the RFC 9162 leaf input. Canonical
 * JSON (sorted keys, bigints as decimal strings) so any auditor can rebuild it from the event
 * without this code.
 */
export function ledgerLeafInput(e: LedgerLeafFields): string {
  return canonicalJson({
    contentHash: e.contentHash,
    position: { commit: e.position.commit.toString(), prepare: e.position.prepare.toString() },
    revision: e.revision.toString(),
    streamName: e.streamName,
    type: e.type,
  });
}

/**
 * {@link ledgerLeafInput} written out directly, keys already in sorted order: what the sealer
 * hashes for every event, without building and sorting an object each time (a spec checks the
 * two are the same text for any input).
 */
export function ledgerLeafInputFast(e: LedgerLeafFields): string {
  return (
    `{"contentHash":${JSON.stringify(e.contentHash)},"position":{"commit":"${e.position.commit}","prepare":"${e.position.prepare}"},` +
    `"revision":"${e.revision}","streamName":${JSON.stringify(e.streamName)},"type":${JSON.stringify(e.type)}}`
  );
}

/** The leaf hash (hex) of an event: SHA-256(0x00 ‖ UTF-8 of {@link ledgerLeafInput}). */
export function ledgerLeafHash(e: LedgerLeafFields): string {
  // The prefix byte as a NUL character: one string, one UTF-8 encoding, no buffer concatenation.
  return hash('sha256', `\u0000${ledgerLeafInputFast(e)}`, 'hex');
}

/**
 * Whether an event of the global log is a leaf of the ledger's tree: every event except the
 * seals (a seal is appended after the tree head it signs, so it cannot be inside it) and the
 * store's system events (`$`-streams and `$`-types, which EventStoreDB writes on its own and
 * which differ between stores and replicas).
 */
export function isLeafEvent(streamName: string, type: string): boolean {
  return streamName !== LEDGER_SEALS_STREAM && !streamName.startsWith('$') && !type.startsWith('$');
}
