import { formatPosition, type GlobalPosition } from '@ledger/event-sourcing';
import { ledgerLeafHash, type LedgerLeafFields } from '../merkle/ledger-leaf';
import { isHashHex } from '../merkle/tree-hash';

export { EVENTS_REMOVED, LEDGER_REMOVALS_STREAM, LEDGER_SEALED, LEDGER_SEALS_STREAM } from '../ledger-streams';

/** Why events were removed. */
export type RemovalReason = 'retention' | 'erasure';

/** One removed event as a removal record lists it: enough to rebuild its leaf. Decimal strings. */
export interface RemovedEventEntry {
  readonly revision: string;
  readonly position: { readonly commit: string; readonly prepare: string };
  readonly type: string;
  /** `eventHash` of the event (hex): the chain link through it and its leaf both use it. */
  readonly contentHash: string;
}

/** A whole removed stream. */
export interface RemovedStreamEntry {
  readonly streamName: string;
  readonly events: readonly RemovedEventEntry[];
}

/**
 * Data of an `EventsRemoved` event (stream `ledgerRemovals`), appended before any event is
 * physically removed, so the seals and the proofs of the remaining events stay checkable and
 * `verify` can tell "removed, recorded" from "missing".
 */
export interface EventsRemovedData {
  readonly reason: RemovalReason;
  /** Epoch milliseconds. */
  readonly removedAt: number;
  /** Who asked: `admin:<name>`, or `system:retention` for the janitor. */
  readonly requestedBy: string;
  readonly streams: readonly RemovedStreamEntry[];
}

/** An `EventsRemoved` event's data is not what this module writes. */
export class InvalidRemovalRecordError extends Error {
  readonly code = 'invalid_removal_record' as const;
  constructor(reason: string) {
    super(`invalid EventsRemoved data: ${reason}`);
    this.name = 'InvalidRemovalRecordError';
  }
}

/**
 * Parses an `EventsRemoved` event's data, strictly: every field present and well-formed, no
 * field this module does not know (the record is evidence; an unexpected shape is reported, not
 * guessed at). Throws {@link InvalidRemovalRecordError}.
 */
export function parseEventsRemoved(data: unknown): EventsRemovedData {
  const record = object(data, 'data', ['reason', 'removedAt', 'requestedBy', 'streams']);
  const { reason, removedAt, requestedBy, streams } = record;
  if (reason !== 'retention' && reason !== 'erasure') fail(`reason must be 'retention' or 'erasure'`);
  if (!Number.isSafeInteger(removedAt) || (removedAt as number) < 0) fail('removedAt must be epoch milliseconds');
  if (typeof requestedBy !== 'string' || requestedBy === '') fail('requestedBy must be a non-empty string');
  const parsedStreams = nonEmptyArray(streams, 'streams').map((s, i) => parseStream(s, `streams[${i}]`));
  const names = new Set(parsedStreams.map((s) => s.streamName));
  if (names.size !== parsedStreams.length) fail('a stream is listed twice');
  return { reason, removedAt: removedAt as number, requestedBy: requestedBy as string, streams: parsedStreams };
}

function parseStream(value: unknown, at: string): RemovedStreamEntry {
  const { streamName, events } = object(value, at, ['streamName', 'events']);
  if (typeof streamName !== 'string' || streamName === '') fail(`${at}.streamName must be a non-empty string`);
  return {
    streamName: streamName as string,
    events: nonEmptyArray(events, `${at}.events`).map((e, i) => parseEvent(e, `${at}.events[${i}]`)),
  };
}

function parseEvent(value: unknown, at: string): RemovedEventEntry {
  const { revision, position, type, contentHash } = object(value, at, ['revision', 'position', 'type', 'contentHash']);
  const { commit, prepare } = object(position, `${at}.position`, ['commit', 'prepare']);
  if (!isDecimal(revision)) fail(`${at}.revision must be a decimal string`);
  if (!isDecimal(commit) || !isDecimal(prepare)) fail(`${at}.position must hold decimal strings`);
  if (typeof type !== 'string' || type === '') fail(`${at}.type must be a non-empty string`);
  if (!isHashHex(contentHash)) fail(`${at}.contentHash must be a lowercase hex SHA-256`);
  return { revision: revision as string, position: { commit: commit as string, prepare: prepare as string }, type: type as string, contentHash };
}

function object(value: unknown, at: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${at} must be an object`);
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).find((key) => !keys.includes(key));
  if (unknown !== undefined) fail(`${at} has an unknown field ${JSON.stringify(unknown)}`);
  return record;
}

function nonEmptyArray(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0) fail(`${at} must be a non-empty array`);
  return value as unknown[];
}

function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && /^(0|[1-9][0-9]*)$/.test(value);
}

function fail(reason: string): never {
  throw new InvalidRemovalRecordError(reason);
}

/** A removed event with its fields as the tree needs them, and the record that lists it. */
export interface RemovedEvent extends LedgerLeafFields {
  readonly reason: RemovalReason;
  readonly removedAt: number;
  /** Position of the `EventsRemoved` event that lists it, when the index was told. */
  readonly recordPosition: GlobalPosition | null;
}

/**
 * Every removed event of a set of removal records, found by global position or by (stream,
 * revision): verification looks up each event it misses here, and takes its leaf and its chain
 * link from the record. When two records list the same position (a removal retried after a
 * crash), the first one read wins; a later entry that disagrees with it is kept in `conflicts`
 * for the verifier to report, since a record must never rewrite what an earlier one said.
 */
export class RemovedEventsIndex {
  private readonly byPositionKey = new Map<string, RemovedEvent>();
  private readonly byStreamKey = new Map<string, RemovedEvent>();
  readonly conflicts: RemovedEvent[] = [];

  /** An index of `records`, in the order given (log order, for "first wins" to mean oldest). */
  static of(records: Iterable<{ readonly data: EventsRemovedData; readonly position?: GlobalPosition | null }>): RemovedEventsIndex {
    const index = new RemovedEventsIndex();
    for (const record of records) index.add(record.data, record.position ?? null);
    return index;
  }

  /** Adds a record's events; `recordPosition` is where the record itself sits in the log. */
  add(record: EventsRemovedData, recordPosition: GlobalPosition | null = null): void {
    for (const stream of record.streams) {
      for (const entry of stream.events) {
        const removed: RemovedEvent = {
          streamName: stream.streamName,
          revision: BigInt(entry.revision),
          type: entry.type,
          position: { commit: BigInt(entry.position.commit), prepare: BigInt(entry.position.prepare) },
          contentHash: entry.contentHash,
          reason: record.reason,
          removedAt: record.removedAt,
          recordPosition,
        };
        const positionKey = formatPosition(removed.position);
        const known = this.byPositionKey.get(positionKey);
        if (known) {
          if (!sameEvent(known, removed)) this.conflicts.push(removed);
          continue;
        }
        this.byPositionKey.set(positionKey, removed);
        this.byStreamKey.set(streamKey(removed.streamName, removed.revision), removed);
      }
    }
  }

  /** Number of distinct removed events. */
  get size(): number {
    return this.byPositionKey.size;
  }

  byPosition(position: GlobalPosition): RemovedEvent | undefined {
    return this.byPositionKey.get(formatPosition(position));
  }

  byStreamRevision(streamName: string, revision: bigint): RemovedEvent | undefined {
    return this.byStreamKey.get(streamKey(streamName, revision));
  }

  /** Every removed event, in the order first recorded. */
  all(): IterableIterator<RemovedEvent> {
    return this.byPositionKey.values();
  }

  /**
   * The leaf hash of the removed event at `position`, from its record alone (the event itself is
   * gone); `undefined` when no record lists that position.
   */
  leafHashOf(position: GlobalPosition): string | undefined {
    const removed = this.byPosition(position);
    return removed && ledgerLeafHash(removed);
  }
}

function streamKey(streamName: string, revision: bigint): string {
  // A NUL cannot occur in a stream name the stores accept, so the key is unambiguous.
  return `${streamName}\u0000${revision}`;
}

function sameEvent(a: RemovedEvent, b: RemovedEvent): boolean {
  return a.streamName === b.streamName && a.revision === b.revision && a.type === b.type && a.contentHash === b.contentHash;
}
