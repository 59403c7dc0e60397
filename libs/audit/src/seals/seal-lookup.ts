import { comparePositions, eventHash, type EventStore, type GlobalPosition } from '@ledger/event-sourcing';
import { readStreamEvents } from '../event-pages';
import { LEDGER_REMOVALS_STREAM, EVENTS_REMOVED } from '../ledger-streams';
import { ledgerLeafHash, ledgerLeafInput, isLeafEvent, type LedgerLeafFields } from '../merkle/ledger-leaf';
import { parseEventsRemoved } from '../removals/removal-records';
import { parseLedgerSeal, positionJson, sealHash, LEDGER_SEALS_STREAM, type LedgerSealData, type PositionJson } from './seal-format';

/** A seal as the audit API answers it: its data, where it sits in the log, and its hash (what the next seal chains to). */
export interface SealResource extends LedgerSealData {
  readonly revision: string;
  readonly position: PositionJson;
  readonly sealHash: string;
}

async function sealAt(store: EventStore, revision: bigint | 'end'): Promise<SealResource | null> {
  const [event] =
    revision === 'end'
      ? await store.readStream(LEDGER_SEALS_STREAM, { direction: 'backwards', fromRevision: 'end', maxCount: 1 })
      : await store.readStream(LEDGER_SEALS_STREAM, { direction: 'forwards', fromRevision: revision, maxCount: 1 });
  const seal = event ? parseLedgerSeal(event.data) : null;
  if (!event || !seal) return null;
  return { ...seal, revision: event.revision.toString(), position: positionJson(event.position), sealHash: sealHash(seal.jws) };
}

/** The newest seal, or `null` before the first one (or when the newest is not a well-formed seal). */
export function latestSeal(store: EventStore): Promise<SealResource | null> {
  return sealAt(store, 'end');
}

/**
 * The seal covering exactly `treeSize` leaves, found by bisecting the seal stream (tree sizes
 * rise with the revision): O(log n) reads of one event. `null` when no seal has that size.
 */
export async function sealWithTreeSize(store: EventStore, treeSize: number): Promise<SealResource | null> {
  const newest = await latestSeal(store);
  if (!newest) return null;
  let low = 0n;
  let high = BigInt(newest.revision);
  while (low <= high) {
    const mid = (low + high) / 2n;
    const seal = await sealAt(store, mid);
    if (!seal) return null;
    if (seal.treeSize === treeSize) return seal;
    if (seal.treeSize < treeSize) low = mid + 1n;
    else high = mid - 1n;
  }
  return null;
}

/** The leaf of the event at `position`: from the log, or from the removal record that lists it. */
export async function leafAtPosition(store: EventStore, position: GlobalPosition): Promise<{ fields: LedgerLeafFields; leafInput: string; leafHash: string; removed: boolean } | null> {
  const [event] = await store.readAll({ fromPosition: position, maxCount: 1 });
  if (event && comparePositions(event.position, position) === 0) {
    if (!isLeafEvent(event.streamName, event.type)) return null;
    const fields: LedgerLeafFields = { streamName: event.streamName, revision: event.revision, type: event.type, position: event.position, contentHash: eventHash(event) };
    return { fields, leafInput: ledgerLeafInput(fields), leafHash: ledgerLeafHash(fields), removed: false };
  }
  for await (const record of readStreamEvents(store, LEDGER_REMOVALS_STREAM)) {
    if (record.type !== EVENTS_REMOVED) continue;
    let data;
    try {
      data = parseEventsRemoved(record.data);
    } catch {
      continue;
    }
    for (const stream of data.streams) {
      for (const e of stream.events) {
        if (e.position.commit !== position.commit.toString() || e.position.prepare !== position.prepare.toString()) continue;
        const fields: LedgerLeafFields = { streamName: stream.streamName, revision: BigInt(e.revision), type: e.type, position, contentHash: e.contentHash };
        return { fields, leafInput: ledgerLeafInput(fields), leafHash: ledgerLeafHash(fields), removed: true };
      }
    }
  }
  return null;
}
