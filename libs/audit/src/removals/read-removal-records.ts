import { comparePositions } from '@ledger/event-sourcing';
import type { EventStore } from '@ledger/event-sourcing';
import { readStreamEvents } from '../event-pages';
import { EVENTS_REMOVED, LEDGER_REMOVALS_STREAM } from '../ledger-streams';
import { parseEventsRemoved, RemovedEventsIndex, type RemovedEvent } from './removal-records';

/** A break found in the removal records themselves, shaped as a chain break. */
export interface RemovalRecordProblem {
  readonly streamName: string;
  readonly revision: string;
  readonly kind: 'edited';
  readonly expected: string | null;
  readonly actual: string | null;
}

/** The removal records of a store, indexed, and what verification reports about them. */
export interface LoadedRemovalRecords {
  /** Removed events that a record appended after them lists (those are the only ones that count). */
  readonly index: RemovedEventsIndex;
  /** Distinct streams in {@link index}. */
  readonly streams: number;
  /** Events of `streamName` in {@link index}. */
  eventsOf(streamName: string): number;
  /** A record that does not parse, or that rewrites what an earlier one said about an event. */
  readonly problem?: RemovalRecordProblem;
}

/**
 * Reads every `EventsRemoved` record of `ledgerRemovals`, oldest first, into a
 * {@link RemovedEventsIndex}. An entry for an event at or after its own record's position is
 * left out: a record can only account for events before it, so such an entry accounts for
 * nothing and the event, if absent, is reported as missing.
 */
export async function readRemovalRecords(store: EventStore): Promise<LoadedRemovalRecords> {
  const index = new RemovedEventsIndex();
  let problem: RemovalRecordProblem | undefined;
  for await (const event of readStreamEvents(store, LEDGER_REMOVALS_STREAM)) {
    if (event.type !== EVENTS_REMOVED) continue;
    let data;
    try {
      data = parseEventsRemoved(event.data);
    } catch (error) {
      problem ??= {
        streamName: event.streamName,
        revision: event.revision.toString(),
        kind: 'edited',
        expected: null,
        actual: error instanceof Error ? error.message : String(error),
      };
      continue;
    }
    const honest = data.streams
      .map((stream) => ({ ...stream, events: stream.events.filter((e) => comparePositions(toPosition(e.position), event.position) < 0) }))
      .filter((stream) => stream.events.length > 0);
    if (honest.length > 0) index.add({ ...data, streams: honest }, event.position);
  }
  const conflict: RemovedEvent | undefined = index.conflicts[0];
  if (conflict && !problem) {
    const known = index.byPosition(conflict.position);
    problem = {
      streamName: conflict.streamName,
      revision: conflict.revision.toString(),
      kind: 'edited',
      expected: known?.contentHash ?? null,
      actual: conflict.contentHash,
    };
  }
  const perStream = new Map<string, number>();
  for (const removed of index.all()) perStream.set(removed.streamName, (perStream.get(removed.streamName) ?? 0) + 1);
  return {
    index,
    streams: perStream.size,
    eventsOf: (streamName) => perStream.get(streamName) ?? 0,
    ...(problem ? { problem } : {}),
  };
}

function toPosition(position: { readonly commit: string; readonly prepare: string }) {
  return { commit: BigInt(position.commit), prepare: BigInt(position.prepare) };
}
