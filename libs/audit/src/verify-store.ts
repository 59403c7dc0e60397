import { verifyChain, type ChainVerification, type EventStore } from '@ledger/event-sourcing';
import { readAllEvents, readStreamEvents } from './event-pages';
import { readRemovalRecords, type LoadedRemovalRecords } from './removals/read-removal-records';

/** A {@link ChainVerification} in JSON: revisions as decimal strings. */
export interface ChainVerificationJson {
  readonly ok: boolean;
  /** `null` when every stream was checked. */
  readonly stream: string | null;
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  readonly firstBreak?: {
    readonly streamName: string;
    readonly revision: string;
    readonly kind: string;
    readonly expected: string | null;
    readonly actual: string | null;
  };
  readonly head?: { readonly streamName: string; readonly revision: string; readonly hash: string };
  /**
   * Present when removal records (retention, erasure) account for events of what was checked:
   * `recorded` events in `streams` streams are "removed, recorded", not missing; `stillStored`
   * of them are still in the store (EventStoreDB keeps truncated events in `$all` until a
   * scavenge) and were checked against their recorded content hashes.
   */
  readonly removed?: { readonly recorded: number; readonly streams: number; readonly stillStored: number };
}

/**
 * Recomputes the hash chain of one stream (in revision order), or of every stream (the global
 * log in commit order), reading the store a page at a time. The audit API's `verify` and the
 * CLI's `verify` both run this. `null` when the named stream does not exist and no removal
 * record lists it, so a mistyped name is never reported as an intact chain.
 *
 * The removal records (`ledgerRemovals`) are read first: an event they list and the store no
 * longer holds is "removed, recorded" (counted in `removed`), and the chain goes through it by
 * its recorded content hash; an event missing that no record lists is still `missing`. A record
 * that does not parse, or that contradicts an earlier one about the same event, is a break.
 */
export async function verifyStore(store: EventStore, streamName?: string): Promise<ChainVerificationJson | null> {
  const records = await readRemovalRecords(store);
  if (records.problem) return { ok: false, stream: streamName ?? null, streamsChecked: 0, eventsChecked: 0, firstBreak: records.problem };
  if (streamName !== undefined) {
    const [first] = await store.readStream(streamName, { maxCount: 1 });
    if (!first) {
      const listed = records.eventsOf(streamName);
      if (listed === 0) return null;
      return { ok: true, stream: streamName, streamsChecked: 0, eventsChecked: 0, removed: { recorded: listed, streams: 1, stillStored: 0 } };
    }
  }
  const events = streamName === undefined ? readAllEvents(store) : readStreamEvents(store, streamName);
  const result = await verifyChain(events, { removed: records.index });
  return verificationJson(result, streamName ?? null, records);
}

function verificationJson(result: ChainVerification, stream: string | null, records: LoadedRemovalRecords): ChainVerificationJson {
  const { firstBreak, head } = result;
  const recorded = stream === null ? records.index.size : records.eventsOf(stream);
  const streams = stream === null ? records.streams : recorded > 0 ? 1 : 0;
  return {
    ok: result.ok,
    stream,
    streamsChecked: result.streamsChecked,
    eventsChecked: result.eventsChecked,
    ...(firstBreak ? { firstBreak: { ...firstBreak, revision: firstBreak.revision.toString() } } : {}),
    ...(head ? { head: { ...head, revision: head.revision.toString() } } : {}),
    ...(recorded > 0 ? { removed: { recorded, streams, stillStored: result.removedStillStored ?? 0 } } : {}),
  };
}
