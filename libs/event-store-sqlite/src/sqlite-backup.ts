/**
 * Backing up and restoring the embedded store's file: SQLite's online backup API (through
 * better-sqlite3), the checks that a file is a ledger store, and the check that no process has
 * the store open. The data-directory side of a restore (which derived files to remove, the
 * read-model owner lock) belongs to the caller.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import Database from 'better-sqlite3';

import { createPrivateFile, type GlobalPosition } from '@ledger/event-sourcing';

import { SCHEMA_VERSION, toPosition } from './sqlite-event-store.schema';

/** What a store file holds, as a backup or a restore reports it. */
export interface SqliteStoreSummary {
  /** Size of the database file in bytes. */
  readonly bytes: number;
  /** Number of events in the log. */
  readonly events: number;
  /** Position of the last event, `null` for an empty log. */
  readonly lastPosition: GlobalPosition | null;
}

/** A file offered as a backup that is not an embedded ledger store (or is damaged). */
export class NotALedgerStoreError extends Error {
  readonly code = 'not_a_ledger_store' as const;
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file} is not a ledger store: ${reason}`);
    this.name = 'NotALedgerStoreError';
  }
}

/** Another process (a running service, a CLI) has the store file open. */
export class EventStoreFileInUseError extends Error {
  readonly code = 'event_store_file_in_use' as const;
  constructor(readonly file: string) {
    super(`the event store ${file} is open in another process (a running service?): stop it first`);
    this.name = 'EventStoreFileInUseError';
  }
}

/** The columns of the `events` table, in schema order (see `SCHEMA_SQL`), by schema version. */
const EVENT_COLUMNS: Readonly<Record<number, readonly string[]>> = {
  1: ['position', 'stream_name', 'stream_revision', 'event_id', 'type', 'data', 'metadata', 'recorded_at'],
  2: ['position', 'stream_name', 'stream_revision', 'event_id', 'type', 'data', 'metadata', 'recorded_at', 'content_hash'],
};

/** `sqlite3_backup_step` with more pages than any file has: the whole copy in one step (see `backupSqliteEventStore`). */
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the store at `source` into a new file `destination` while other processes keep
 * appending: SQLite's online backup API, read from a read-only connection, so the copy is the
 * log exactly as one committed transaction left it (a prefix of the log, never half an append).
 *
 * The copy runs in one step: in WAL mode a read transaction never blocks the writer, and one
 * step is one read transaction, whereas copying in slices lets each commit by another
 * connection restart the backup from its first page, which under a steady load may never end.
 * The store's writer does not wait for this reader either (its WAL rewinds skip busy readers),
 * so the service's appends go on meanwhile; its WAL only grows until the copy is done.
 *
 * The copy is written to a private temporary file (0600, as the store; its directory 0700 when
 * created), switched out of WAL mode so it is one self-contained file, checked, flushed to disk,
 * and only then linked to `destination`, which must not exist: a backup never overwrites a file.
 *
 * @throws Error when `destination` exists; {@link NotALedgerStoreError} when the source is not a ledger store.
 */
export async function backupSqliteEventStore(source: string, destination: string): Promise<SqliteStoreSummary> {
  if (fs.existsSync(destination)) throw new Error(`${destination} exists: a backup never overwrites a file, choose a new name`);
  const partial = `${destination}.partial-${process.pid}`;
  createPrivateFile(partial);
  try {
    const db = openReadOnly(source);
    try {
      assertLedgerSchema(db, source);
      await db.backup(partial, { progress: () => ALL_PAGES });
    } finally {
      db.close();
    }
    const summary = finishCopy(partial);
    // link, not rename: rename would replace a file someone created at `destination` meanwhile.
    fs.linkSync(partial, destination);
    fs.rmSync(partial);
    syncDirectory(path.dirname(destination));
    return summary;
  } finally {
    fs.rmSync(partial, { force: true });
    fs.rmSync(`${partial}-journal`, { force: true });
  }
}

/**
 * Checks that `file` is an embedded ledger store this build can open, without changing it:
 * an SQLite database with the event table, a schema version this build knows, and pages that
 * pass SQLite's `quick_check`.
 *
 * @throws {NotALedgerStoreError} naming what is wrong.
 */
export function inspectSqliteEventStore(file: string): SqliteStoreSummary {
  const db = openReadOnly(file);
  try {
    assertLedgerSchema(db, file);
    return summarise(db, file);
  } finally {
    db.close();
  }
}

/**
 * Throws when any other connection has the store file open. Every connection to a WAL database
 * holds a shared lock on it for as long as it is open (the service's reader and writer threads,
 * a CLI reading it), and an exclusive lock cannot be taken beside one: SQLite's POSIX locks,
 * which the kernel drops with the process however it ends, so a killed service never counts.
 * A missing file is not in use.
 *
 * @throws {EventStoreFileInUseError}
 */
export function assertSqliteEventStoreNotInUse(file: string): void {
  if (!fs.existsSync(file)) return;
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw new EventStoreFileInUseError(file);
    throw error;
  } finally {
    // The last connection to close folds the WAL into the file and removes it.
    db.close();
  }
}

/**
 * Copies the store `backup` (checked with {@link inspectSqliteEventStore}) into a new private
 * file `destination` with the online backup API, so even a backup file someone is still
 * writing is read consistently, and flushes it to disk. The caller puts it in place.
 */
export async function copySqliteEventStore(backup: string, destination: string): Promise<SqliteStoreSummary> {
  createPrivateFile(destination);
  const db = openReadOnly(backup);
  try {
    assertLedgerSchema(db, backup);
    await db.backup(destination, { progress: () => ALL_PAGES });
  } finally {
    db.close();
  }
  return finishCopy(destination);
}

/** Flushes a directory's entries (a rename or link in it) to disk; a no-op where directories cannot be opened (Windows). */
export function syncDirectory(directory: string): void {
  let fd: number;
  try {
    fd = fs.openSync(directory, fs.constants.O_RDONLY);
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on a directory; the data itself was synced.
  } finally {
    fs.closeSync(fd);
  }
}

/** A copy made by the backup API: out of WAL mode (one self-contained file), checked, on disk. */
function finishCopy(file: string): SqliteStoreSummary {
  const db = new Database(file, { fileMustExist: true });
  let summary: SqliteStoreSummary;
  try {
    db.pragma('journal_mode = DELETE');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new NotALedgerStoreError(file, `the copy fails SQLite's quick_check (${String(check)})`);
    summary = summarise(db, file);
  } finally {
    db.close();
  }
  const fd = fs.openSync(file, fs.constants.O_RDONLY);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return { ...summary, bytes: fs.statSync(file).size };
}

function openReadOnly(file: string): Database.Database {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
    // Opening reads nothing: the header is checked at the first query.
    db.pragma('schema_version', { simple: true });
    return db;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new NotALedgerStoreError(file, 'not an SQLite database');
    if (code === 'SQLITE_CANTOPEN') throw new NotALedgerStoreError(file, 'cannot be opened (missing or unreadable)');
    throw error;
  }
}

function assertLedgerSchema(db: Database.Database, file: string): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  const columns = (db.prepare("SELECT name FROM pragma_table_info('events')").pluck().all() as string[]);
  const known = Object.values(EVENT_COLUMNS).some((c) => c.join(',') === columns.join(','));
  if (!known) throw new NotALedgerStoreError(file, 'it has no event table');
  // An older version is fine: the store migrates it when it opens it.
  if (!(version >= 1 && version <= SCHEMA_VERSION)) {
    throw new NotALedgerStoreError(file, `schema version ${version}, this build reads versions 1 to ${SCHEMA_VERSION}`);
  }
  if (columns.join(',') !== EVENT_COLUMNS[version].join(',')) throw new NotALedgerStoreError(file, `its event table is not that of schema version ${version}`);
}

function summarise(db: Database.Database, file: string): SqliteStoreSummary {
  const row = db.prepare('SELECT count(*) AS events, max(position) AS last FROM events').safeIntegers(true).get() as { events: bigint; last: bigint | null };
  return { bytes: fs.statSync(file).size, events: Number(row.events), lastPosition: row.last === null ? null : toPosition(row.last) };
}
