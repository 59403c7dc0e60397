import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  jsonEvent,
  type AppendExpectedRevision,
  type EventData,
  type JSONType,
  type RecordedEvent as ClientRecordedEvent,
} from '@eventstore/db-client';

import {
  checkEventToAppend,
  eventJson,
  type EventFilter,
  type EventMetadata,
  type EventToAppend,
  type ExpectedRevision,
  type GlobalPosition,
  type RecordedEvent,
} from '@ledger/event-sourcing';

import type { ServerFilter } from './esdb-client';
import { EventStoreProtocolError } from './esdb-event-store.errors';

/** Revisions are uint64 on the wire (shared.proto); no stream can be at a larger one. */
const UINT64_MAX = 2n ** 64n - 1n;

/** The port's expected revision in the client's terms. */
export function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (typeof expected !== 'bigint' || expected < 0n || expected > UINT64_MAX) {
        throw new RangeError('expected revision must be any, no_stream, stream_exists or a revision >= 0n');
      }
      return expected;
  }
}

/**
 * The port's events as the client's JSON events.
 *
 * Checked here rather than left to the client: the client serialises inside an `async`
 * promise executor (batchAppend.js `eventBatcher`), where a throw (a BigInt in `data`) is an
 * unhandled rejection and the append promise never settles. So `data` and `metadata` are
 * serialised once to check them even when the command loop already has their canonical JSON
 * (`event.json`): that text writes a BigInt as a string, where the client's own
 * `JSON.stringify` throws.
 *
 * Ids are lower-cased, as the server returns them, so what is read equals what was written.
 *
 * @throws InvalidEventError
 */
export function toEventData(streamName: string, events: readonly EventToAppend[]): EventData[] {
  return events.map((event) => {
    const id = checkEventToAppend(streamName, event);
    eventJson(streamName, id, 'data', event.data);
    const metadata = event.metadata ?? {};
    eventJson(streamName, id, 'metadata', metadata);
    return jsonEvent({
      id,
      type: event.type,
      // The client's JSONType is narrower than JSON (no top-level numbers or booleans), but it
      // only ever passes `data` to JSON.stringify (append.js, batchAppend.js).
      data: event.data as JSONType,
      metadata: metadata as JSONType,
    });
  });
}

/**
 * `$`-prefixed streams and event types are the server's: `$all` carries `$metadata`
 * (in `$$<stream>`), `$streamDeleted` tombstones (written into the deleted stream itself, so a
 * prefix filter on our own stream names lets them through), `$>` links, statistics and
 * projection checkpoints. The port's readers never want them.
 */
export function isSystemEvent(event: Pick<ClientRecordedEvent, 'streamId' | 'type'>): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

/**
 * A client event in the port's shape.
 *
 * - `recordedAt`: the server sends `created` as .NET ticks (100 ns) since the Unix epoch, and
 *   the client already turns it into a `Date` (convertGrpcEvent.ts `convertCreatedToDate`,
 *   ticks / 10 000), defaulting to the epoch when missing. Informational only.
 * - `position`: on `$all` reads and subscriptions the server always sends it; on stream reads
 *   only servers from 22.6 do (types/events.d.ts `position`), and the port needs it.
 * - `data`/`metadata`: written as JSON by this adapter; the client parses JSON content. An
 *   event written by someone else as binary is decoded as JSON when it is, else kept as bytes.
 *
 * @throws EventStoreProtocolError when the server sent no position
 */
export function toRecordedEvent(event: ClientRecordedEvent): RecordedEvent {
  if (!event.position) {
    throw new EventStoreProtocolError(
      `event ${event.id} of ${event.streamId} came without a log position: EventStoreDB 22.6 or newer is required`,
    );
  }
  return {
    id: event.id,
    streamName: event.streamId,
    revision: event.revision,
    position: { commit: event.position.commit, prepare: event.position.prepare },
    type: event.type,
    data: event.isJson ? event.data : decodeJson(event.data),
    metadata: toMetadata(event.metadata),
    recordedAt: event.created,
  };
}

function toMetadata(metadata: unknown): EventMetadata {
  if (metadata === undefined || metadata === null) return {};
  const value = metadata instanceof Uint8Array ? decodeJson(metadata) : metadata;
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
    ? (value as EventMetadata)
    : {};
}

function decodeJson(bytes: unknown): unknown {
  if (!(bytes instanceof Uint8Array)) return bytes;
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
  } catch {
    return bytes;
  }
}

/**
 * The port's filter as server-side filters. EventStoreDB filters on one kind at a time
 * (`FilterOptions` has a `stream_identifier` / `event_type` oneof, streams.proto), so a filter
 * with both kinds of prefixes becomes two, whose results the adapter merges. No prefixes at
 * all means unfiltered, as in the embedded store.
 */
export function toServerFilters(filter: EventFilter | undefined): ServerFilter[] | 'none' {
  const streams = filter?.streamNamePrefixes ?? [];
  const types = filter?.eventTypePrefixes ?? [];
  if (streams.length === 0 && types.length === 0) return 'none';
  const filters: ServerFilter[] = [];
  if (streams.length > 0) filters.push({ on: 'streamName', prefixes: [...streams] });
  if (types.length > 0) filters.push({ on: 'eventType', prefixes: [...types] });
  return filters;
}

/** Whether an event passes a server filter (to check what the server sent, and in tests). */
export function passes(filter: ServerFilter, event: Pick<RecordedEvent, 'streamName' | 'type'>): boolean {
  const subject = filter.on === 'streamName' ? event.streamName : event.type;
  return filter.prefixes.some((prefix) => subject.startsWith(prefix));
}

/** `a` strictly after `b` in the log. */
export function isAfter(a: GlobalPosition, b: GlobalPosition): boolean {
  return a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);
}

/** `a` at the same log position as `b`. */
export function samePosition(a: GlobalPosition, b: GlobalPosition): boolean {
  return a.commit === b.commit && a.prepare === b.prepare;
}
