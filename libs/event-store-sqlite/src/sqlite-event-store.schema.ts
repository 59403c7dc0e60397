/**
 * The embedded store's schema and SQL, kept in one place so a spec can check every query's
 * plan (reads must seek an index, never scan the log).
 */
import type { EventFilter, GlobalPosition } from '@ledger/event-sourcing';

/** Value of `PRAGMA user_version` for the schema below; bump it with a migration. */
export const SCHEMA_VERSION = 2;

/**
 * What takes a file of the version before to the next: version 2 adds `content_hash`. A file of
 * version 1 keeps `NULL` there for the events it already holds (their readers hash them).
 */
export const MIGRATIONS: Readonly<Record<number, string>> = {
  1: 'ALTER TABLE events ADD COLUMN content_hash TEXT',
};

/**
 * One append-only table. `position` aliases the rowid, so the global log is the table's own
 * B-tree and "read after position P" is a range seek. Rows are never deleted or updated, which
 * is why plain `INTEGER PRIMARY KEY` (max + 1) is enough: without deletes it never reuses a
 * position, and it avoids AUTOINCREMENT's extra write per insert.
 *
 * There is no `streams` table: the stream's current revision is the last entry of
 * `events_stream_revision` for that name, one index seek, so a separate table would only add
 * a second write per append.
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS events (
  position        INTEGER PRIMARY KEY,
  stream_name     TEXT    NOT NULL,
  stream_revision INTEGER NOT NULL CHECK (stream_revision >= 0),
  event_id        TEXT    NOT NULL,
  type            TEXT    NOT NULL,
  data            TEXT    NOT NULL,
  metadata        TEXT    NOT NULL,
  recorded_at     INTEGER NOT NULL,
  -- The writer's eventHash of the row (EventToAppend.json.hash), NULL when it gave none: lets the
  -- sealer take an event's hash without parsing and re-serialising it. Never trusted by verify.
  content_hash    TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream_name, stream_revision);
CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events (event_id);
`;

/** Columns of a full event row, in the order `rowToEvent` expects. */
const COLUMNS =
  'position, stream_name, stream_revision, event_id, type, data, metadata, recorded_at';

/** A full event row as returned by better-sqlite3 in raw, safe-integer mode. */
export type EventRow = [
  position: bigint,
  streamName: string,
  revision: bigint,
  eventId: string,
  type: string,
  data: string,
  metadata: string,
  recordedAt: bigint,
];

/** One row, one position: both halves of EventStoreDB's pair carry the rowid. */
export function toPosition(position: bigint): GlobalPosition {
  return { commit: position, prepare: position };
}

/** The statements whose text does not depend on a filter. */
export const SQL = {
  insertEvent:
    'INSERT INTO events (stream_name, stream_revision, event_id, type, data, metadata, recorded_at, content_hash) ' +
    'VALUES (@streamName, @revision, @eventId, @type, @data, @metadata, @recordedAt, @contentHash)',
  /** The log's events after a position without their content (`readAllDigests`). */
  readDigests:
    'SELECT position, stream_name, stream_revision, type, content_hash FROM events ' +
    'WHERE position > @after ORDER BY position ASC LIMIT @limit',
  /** Current revision of a stream: the last entry of its index range. */
  streamRevision:
    'SELECT stream_revision FROM events WHERE stream_name = @streamName ' +
    'ORDER BY stream_revision DESC LIMIT 1',
  /** Position of one stream revision (the result of an empty or idempotent append). */
  streamRevisionPosition:
    'SELECT position FROM events WHERE stream_name = @streamName AND stream_revision = @revision',
  /** Event ids following a revision, to recognise an idempotent retry. */
  idsFromRevision:
    'SELECT stream_revision, event_id, position FROM events ' +
    'WHERE stream_name = @streamName AND stream_revision >= @fromRevision ' +
    'ORDER BY stream_revision ASC LIMIT @limit',
  eventById: 'SELECT stream_name, stream_revision FROM events WHERE event_id = @eventId',
  head: 'SELECT max(position) FROM events',
  readStreamForwards:
    `SELECT ${COLUMNS} FROM events WHERE stream_name = @streamName AND stream_revision >= @fromRevision ` +
    'ORDER BY stream_revision ASC LIMIT @limit',
  readStreamBackwards:
    `SELECT ${COLUMNS} FROM events WHERE stream_name = @streamName AND stream_revision <= @fromRevision ` +
    'ORDER BY stream_revision DESC LIMIT @limit',
} as const;

/** A filter rendered as a SQL condition plus its named parameters. */
export interface FilterSql {
  /** Cache key: statements differ only by the number of prefixes of each kind. */
  readonly key: string;
  readonly condition: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Renders an {@link EventFilter} as "stream name or type starts with any prefix".
 *
 * `substr(x, 1, length(p)) = p` is an exact, case-sensitive prefix test (both count characters
 * the same way); LIKE would be case-insensitive and GLOB would need escaping. An absent or empty
 * filter passes everything.
 */
export function renderFilter(filter: EventFilter | undefined): FilterSql {
  const streams = filter?.streamNamePrefixes ?? [];
  const types = filter?.eventTypePrefixes ?? [];
  if (streams.length === 0 && types.length === 0) return { key: '0:0', condition: '1', params: {} };
  const terms: string[] = [];
  const params: Record<string, string> = {};
  streams.forEach((prefix, i) => {
    terms.push(`substr(stream_name, 1, length(@s${i})) = @s${i}`);
    params[`s${i}`] = prefix;
  });
  types.forEach((prefix, i) => {
    terms.push(`substr(type, 1, length(@t${i})) = @t${i}`);
    params[`t${i}`] = prefix;
  });
  return { key: `${streams.length}:${types.length}`, condition: `(${terms.join(' OR ')})`, params };
}

/** `readAll` in one direction, inclusive of `@from` (as EventStoreDB's `readAll`). */
export function readAllSql(direction: 'forwards' | 'backwards', condition: string): string {
  return direction === 'forwards'
    ? `SELECT ${COLUMNS} FROM events WHERE position >= @from AND ${condition} ORDER BY position ASC LIMIT @limit`
    : `SELECT ${COLUMNS} FROM events WHERE position <= @from AND ${condition} ORDER BY position DESC LIMIT @limit`;
}

/**
 * One page for a subscription: strictly after `@after` (subscriptions are exclusive of their
 * start) and at most `@head`, so a sparse filter can advance its cursor to `@head` instead of
 * rescanning the same non-matching rows on every wake-up.
 */
export function subscriptionPageSql(condition: string): string {
  return (
    `SELECT ${COLUMNS} FROM events WHERE position > @after AND position <= @head AND ${condition} ` +
    'ORDER BY position ASC LIMIT @limit'
  );
}
