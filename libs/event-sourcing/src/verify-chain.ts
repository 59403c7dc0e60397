import { eventHash } from './event-hash';
import type { GlobalPosition, RecordedEvent } from './event-store.port';
import { comparePositions } from './global-position';

/**
 * What kind of break a chain has.
 *
 * - `edited`: the event as stored no longer hashes to what the chain recorded for it (its
 *   data, type, id or metadata changed, or another event's content was moved into its place).
 * - `missing`: a revision of the stream is absent (an event was removed).
 * - `out_of_order`: the events of the stream do not arrive in revision order (a revision came
 *   after a later one, or twice).
 *
 * An event that a removal record lists (retention, erasure) and that is gone is not `missing`
 * (see {@link VerifyChainOptions.removed}); one that is listed and still stored (EventStoreDB
 * before a scavenge) but no longer hashes to the recorded content hash is `edited`.
 */
export type ChainBreakKind = 'edited' | 'missing' | 'out_of_order';

/**
 * The first place a stream's hash chain does not hold.
 *
 * For `edited`, `expected` is the hash the chain holds for the event at `revision` (the
 * `previousEventHash` its successor recorded, or `null` for the first event's own link) and
 * `actual` is the hash recomputed from the event as it is stored now (or, for a first event,
 * the `previousEventHash` it carries). For `missing` and `out_of_order` both name revisions
 * (`"revision 2"`): the one the chain needed next, and the one found.
 */
export interface ChainBreak {
  readonly streamName: string;
  readonly revision: bigint;
  readonly kind: ChainBreakKind;
  readonly expected: string | null;
  readonly actual: string | null;
}

/** The outcome of {@link verifyChain}. */
export interface ChainVerification {
  readonly ok: boolean;
  /** Distinct streams seen (up to the first break, when there is one). */
  readonly streamsChecked: number;
  /** Events read (up to the first break, when there is one). */
  readonly eventsChecked: number;
  readonly firstBreak?: ChainBreak;
  /**
   * The newest event of each stream has no successor recording its hash, so an edit of it
   * cannot show in the chain: these are the hashes to anchor elsewhere (an auditor's notes, a
   * later `verify`) to cover them too. Given only when exactly one stream was checked.
   */
  readonly head?: { readonly streamName: string; readonly revision: bigint; readonly hash: string };
  /**
   * With {@link VerifyChainOptions.removed}: listed events whose revisions were absent from a
   * stream whose later events were read (the chain went through them by their recorded content
   * hashes), and listed events still stored that hash as recorded. Whole streams removed leave
   * nothing to read and are counted by the caller, which holds the records.
   */
  readonly removedSkipped?: number;
  readonly removedStillStored?: number;
}

/**
 * An event a removal record lists: where it was, and the content hash (`eventHash`) it had.
 * `recordPosition` is where that record sits in the log; a record only accounts for events
 * before it (a record appended before its events cannot list them honestly).
 */
export interface RecordedRemoval {
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: GlobalPosition;
  readonly contentHash: string;
  readonly recordPosition: GlobalPosition | null;
}

/** Looks up what the removal records say about a stream revision (`RemovedEventsIndex` in `@ledger/audit`). */
export interface RecordedRemovals {
  byStreamRevision(streamName: string, revision: bigint): RecordedRemoval | undefined;
}

/** Options of {@link verifyChain}. */
export interface VerifyChainOptions {
  /**
   * The removal records' events. A revision absent from a stream is then "removed, recorded"
   * when a record appended after it lists it: the chain continues through its recorded content
   * hash, so the next event must link to that. A revision absent and listed nowhere is still
   * `missing`. A listed event that is still stored must hash to what its record says.
   */
  readonly removed?: RecordedRemovals;
}

/** What is known of a stream after its last verified event. */
interface StreamCursor {
  readonly revision: bigint;
  readonly hash: string;
}

/**
 * A broken link seen, waiting for the stream's next event to tell which event it incriminates
 * (see {@link verifyChain}); `resolve` gets that event, or `null` when the input ended first.
 */
interface PendingBreak {
  readonly streamName: string;
  resolve(next: RecordedEvent | null): ChainBreak;
}

/**
 * Recomputes the tamper-evident chain of event hashes (SPEC §3): every event's
 * `metadata.previousEventHash` must be the {@link eventHash} of the event before it in its
 * stream (`null` for revision 0), and each stream's revisions must run 0, 1, 2, … without gaps.
 *
 * Pure apart from hashing: it reads the events it is given (one stream in revision order, or
 * the global log in commit order with streams interleaved) and nothing else, holding one hash
 * per stream seen. It stops at the first break.
 *
 * Which event a broken link incriminates: a link from event k to k+1 breaks when k's content
 * changed (k+1 recorded its old hash) or when k+1's own `previousEventHash` changed. The next
 * link tells them apart: if k+1 → k+2 also breaks, k+1's hash changed too, so k+1 is the edited
 * event; otherwise k is. So a single edited event is named exactly, whichever field was edited,
 * unless it is the newest of its stream (see {@link ChainVerification.head}).
 */
export async function verifyChain(
  events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>,
  options: VerifyChainOptions = {},
): Promise<ChainVerification> {
  const removed = options.removed;
  const cursors = new Map<string, StreamCursor>();
  let removedSkipped = 0;
  let removedStillStored = 0;
  let eventsChecked = 0;
  let pending: PendingBreak | null = null;
  let firstBreak: ChainBreak | undefined;
  let last: RecordedEvent | null = null;

  for await (const event of events) {
    if (pending) {
      // Only the next event of the stream with the pending break matters now.
      if (event.streamName !== pending.streamName) continue;
      eventsChecked += 1;
      firstBreak = pending.resolve(event);
      pending = null;
      break;
    }
    eventsChecked += 1;
    last = event;
    let cursor = cursors.get(event.streamName);
    let expectedRevision = cursor ? cursor.revision + 1n : 0n;
    if (removed && event.revision > expectedRevision) {
      // Absent revisions a record accounts for: the chain goes on through their recorded hashes.
      // It stops at the first one no record lists, which is then reported as missing.
      while (expectedRevision < event.revision) {
        const entry = recordedRemoval(removed, event.streamName, expectedRevision);
        if (!entry) break;
        cursor = { revision: expectedRevision, hash: entry.contentHash };
        expectedRevision += 1n;
        removedSkipped += 1;
      }
      if (cursor) cursors.set(event.streamName, cursor);
    }
    const listed = removed && event.revision === expectedRevision ? recordedRemoval(removed, event.streamName, event.revision) : undefined;
    if (listed) {
      // Removed but still stored (EventStoreDB keeps truncated events in `$all` until a scavenge):
      // it must be exactly the event the record describes.
      const hash = eventHash(event);
      if (hash !== listed.contentHash || comparePositions(event.position, listed.position) !== 0) {
        firstBreak = { streamName: event.streamName, revision: event.revision, kind: 'edited', expected: listed.contentHash, actual: hash };
        break;
      }
      removedStillStored += 1;
    }
    if (event.revision < expectedRevision) {
      firstBreak = revisionBreak(event.streamName, event.revision, 'out_of_order', expectedRevision, event.revision);
      break;
    }
    if (event.revision > expectedRevision) {
      pending = missingRevision(event, expectedRevision);
      cursors.set(event.streamName, cursor ?? { revision: -1n, hash: '' });
      continue;
    }
    const hash = eventHash(event);
    const recorded = event.metadata.previousEventHash ?? null;
    const chained = cursor ? cursor.hash : null;
    if (recorded !== chained) {
      if (!cursor) {
        firstBreak = { streamName: event.streamName, revision: event.revision, kind: 'edited', expected: null, actual: recorded };
        break;
      }
      pending = brokenLink(event, cursor, recorded, hash);
      continue;
    }
    cursors.set(event.streamName, { revision: event.revision, hash });
  }
  if (pending) firstBreak = pending.resolve(null);

  const streamsChecked = cursors.size;
  const removals = removed ? { removedSkipped, removedStillStored } : {};
  if (firstBreak) return { ok: false, streamsChecked, eventsChecked, firstBreak, ...removals };
  const only = streamsChecked === 1 && last ? cursors.get(last.streamName) : undefined;
  return {
    ok: true,
    streamsChecked,
    eventsChecked,
    ...(only && last ? { head: { streamName: last.streamName, revision: only.revision, hash: only.hash } } : {}),
    ...removals,
  };
}

/** The record's entry for a stream revision, if a record appended after the event lists it. */
function recordedRemoval(removed: RecordedRemovals, streamName: string, revision: bigint): RecordedRemoval | undefined {
  const entry = removed.byStreamRevision(streamName, revision);
  if (!entry) return undefined;
  if (entry.recordPosition && comparePositions(entry.position, entry.recordPosition) >= 0) return undefined;
  return entry;
}

/**
 * The link from the event before `event` (at `cursor`) to `event` is broken: `event` recorded
 * `recorded` but its predecessor hashes to `cursor.hash`.
 */
function brokenLink(event: RecordedEvent, cursor: StreamCursor, recorded: string | null, hash: string): PendingBreak {
  return {
    streamName: event.streamName,
    resolve: (next) => {
      const nextLinkBroken = next !== null && next.revision === event.revision + 1n && (next.metadata.previousEventHash ?? null) !== hash;
      if (nextLinkBroken) {
        // `event` itself changed: its successor no longer finds the hash it recorded for it.
        return { streamName: event.streamName, revision: event.revision, kind: 'edited', expected: next.metadata.previousEventHash ?? null, actual: hash };
      }
      // The predecessor changed: `event` still records the hash it had when `event` was written.
      return { streamName: event.streamName, revision: cursor.revision, kind: 'edited', expected: recorded, actual: cursor.hash };
    },
  };
}

/** `event` skipped `expectedRevision`: removed, unless it turns up next (then it was moved). */
function missingRevision(event: RecordedEvent, expectedRevision: bigint): PendingBreak {
  return {
    streamName: event.streamName,
    resolve: (next) =>
      next !== null && next.revision === expectedRevision
        ? revisionBreak(event.streamName, expectedRevision, 'out_of_order', expectedRevision, event.revision)
        : revisionBreak(event.streamName, expectedRevision, 'missing', expectedRevision, event.revision),
  };
}

function revisionBreak(streamName: string, revision: bigint, kind: ChainBreakKind, expected: bigint, actual: bigint): ChainBreak {
  return { streamName, revision, kind, expected: `revision ${expected}`, actual: `revision ${actual}` };
}
