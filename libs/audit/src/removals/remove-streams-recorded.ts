import { randomUUID } from 'node:crypto';

import {
  WrongExpectedRevisionError,
  eventHash,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type GlobalPosition,
} from '@ledger/event-sourcing';
import { readStreamEvents } from '../event-pages';
import { EVENTS_REMOVED, LEDGER_REMOVALS_STREAM, LEDGER_SEALS_STREAM } from '../ledger-streams';
import type { EventsRemovedData, RemovalReason, RemovedEventEntry, RemovedStreamEntry } from './removal-records';

/**
 * Events listed per `EventsRemoved` record: about 250 bytes each, so a record stays far below
 * the stores' 1 MiB append limit. A stream with more events is listed across several records
 * (verification merges them), all appended before anything is removed.
 */
export const MAX_EVENTS_PER_REMOVAL_RECORD = 1000;

/** What to remove, why, and on whose request. */
export interface RemoveStreamsRequest {
  /** Whole streams; those without events are skipped. */
  readonly streams: readonly string[];
  readonly reason: RemovalReason;
  /** `admin:<name>`, or `system:retention` for the janitor. */
  readonly requestedBy: string;
  /** When (the caller's clock): the record's `removedAt`. */
  readonly now: Date;
}

/** What {@link removeStreamsRecorded} did. */
export interface RemoveStreamsOutcome {
  /** Streams removed (those that had events), in the order asked. */
  readonly streams: readonly string[];
  /** Events removed. */
  readonly events: number;
  /** Position of each `EventsRemoved` record appended (none when nothing had to go). */
  readonly recordPositions: readonly GlobalPosition[];
}

/** The store cannot remove streams (an adapter without `removeStreams`). */
export class StreamRemovalUnsupportedError extends Error {
  readonly code = 'stream_removal_unsupported' as const;
  constructor() {
    super('this event store cannot remove streams');
    this.name = 'StreamRemovalUnsupportedError';
  }
}

/** The ledger's own streams, and the store's, are never removed. */
function removable(streamName: string): boolean {
  return streamName !== LEDGER_REMOVALS_STREAM && streamName !== LEDGER_SEALS_STREAM && !streamName.startsWith('$');
}

/**
 * Removes whole streams, recording first what is removed: reads every event of each stream,
 * appends `EventsRemoved` record(s) to `ledgerRemovals` listing each event's revision, position,
 * type and content hash (`eventHash`), chained into that stream like any other event, and only
 * then calls `EventStore.removeStreams`. The record comes after the removed events in the log
 * and is the log's last event when the removal runs (the embedded store requires that), and it
 * is what lets `verify` and the seals account for the removed events: the chain through them and
 * their Merkle leaves are rebuilt from it.
 *
 * A crash between the record and the removal leaves the events stored and listed; they verify
 * as "still stored" (their hashes match), and the next run records and removes them again
 * (verification keeps the first record of an event; an identical second one is no conflict).
 * A stream written between the read and the removal would lose an unlisted event, so callers
 * remove only streams nothing writes any more (ended families, expired assertions, an erased
 * subject's key).
 *
 * @throws StreamRemovalUnsupportedError when the store has no `removeStreams`
 * @throws RangeError for the ledger's own streams or a system stream
 */
export async function removeStreamsRecorded(store: EventStore, request: RemoveStreamsRequest): Promise<RemoveStreamsOutcome> {
  if (!store.removeStreams) throw new StreamRemovalUnsupportedError();
  const names = [...new Set(request.streams)];
  const refused = names.find((name) => !removable(name));
  if (refused !== undefined) throw new RangeError(`${refused} is not a stream that may be removed`);

  const listed: RemovedStreamEntry[] = [];
  for (const streamName of names) {
    const events: RemovedEventEntry[] = [];
    for await (const event of readStreamEvents(store, streamName)) {
      events.push({
        revision: event.revision.toString(),
        position: { commit: event.position.commit.toString(), prepare: event.position.prepare.toString() },
        type: event.type,
        contentHash: eventHash(event),
      });
    }
    if (events.length > 0) listed.push({ streamName, events });
  }
  if (listed.length === 0) return { streams: [], events: 0, recordPositions: [] };

  const records = pack(listed).map(
    (streams): EventsRemovedData => ({ reason: request.reason, removedAt: request.now.getTime(), requestedBy: request.requestedBy, streams }),
  );
  const recordPositions = await appendChained(store, records, request.requestedBy);
  await store.removeStreams(listed.map((stream) => stream.streamName));
  return {
    streams: listed.map((stream) => stream.streamName),
    events: listed.reduce((sum, stream) => sum + stream.events.length, 0),
    recordPositions,
  };
}

/** Splits the listing into records of at most {@link MAX_EVENTS_PER_REMOVAL_RECORD} events. */
function pack(streams: readonly RemovedStreamEntry[]): RemovedStreamEntry[][] {
  const records: RemovedStreamEntry[][] = [];
  let current: RemovedStreamEntry[] = [];
  let count = 0;
  for (const stream of streams) {
    for (let start = 0; start < stream.events.length; ) {
      if (count === MAX_EVENTS_PER_REMOVAL_RECORD) {
        records.push(current);
        current = [];
        count = 0;
      }
      const take = Math.min(stream.events.length - start, MAX_EVENTS_PER_REMOVAL_RECORD - count);
      current.push({ streamName: stream.streamName, events: stream.events.slice(start, start + take) });
      count += take;
      start += take;
    }
  }
  if (current.length > 0) records.push(current);
  return records;
}

const MAX_APPEND_ATTEMPTS = 10;

/**
 * Appends the records to `ledgerRemovals` as the next links of its hash chain, with the
 * expected revision of the event they link to: a concurrent remover (another replica) makes the
 * append conflict, and it is read and linked again. One event per append, so each is the log's
 * last event at the time (nothing of the removal depends on that, but positions stay simple).
 */
async function appendChained(store: EventStore, records: readonly EventsRemovedData[], requestedBy: string): Promise<GlobalPosition[]> {
  const positions: GlobalPosition[] = [];
  for (const data of records) {
    for (let attempt = 1; ; attempt++) {
      const [last] = await store.readStream(LEDGER_REMOVALS_STREAM, { direction: 'backwards', maxCount: 1 });
      const metadata: EventMetadata = {
        schemaVersion: 1,
        actor: requestedBy,
        correlationId: randomUUID(),
        previousEventHash: last ? eventHash(last) : null,
      };
      const event: EventToAppend = { id: randomUUID(), type: EVENTS_REMOVED, data, metadata };
      try {
        const result = await store.append(LEDGER_REMOVALS_STREAM, [event], { expectedRevision: last ? last.revision : 'no_stream' });
        positions.push(result.position);
        break;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt === MAX_APPEND_ATTEMPTS) throw error;
      }
    }
  }
  return positions;
}
