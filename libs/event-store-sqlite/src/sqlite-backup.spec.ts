import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import type { EventToAppend } from '@ledger/event-sourcing';

import {
  EventStoreFileInUseError,
  NotALedgerStoreError,
  assertSqliteEventStoreNotInUse,
  backupSqliteEventStore,
  copySqliteEventStore,
  inspectSqliteEventStore,
} from './sqlite-backup';
import { SqliteEventStore } from './sqlite-event-store';

const event = (n: number): EventToAppend => ({ id: randomUUID(), type: 'TokenIssued', data: { n }, metadata: {} });

describe('backing up the embedded store', () => {
  let directory: string;
  let source: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ledger-backup-'));
    source = join(directory, 'events.db');
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('copies a prefix of the log while appends go on, into a private self-contained file', async () => {
    const store = new SqliteEventStore({ filename: source });
    try {
      for (let i = 0; i < 20; i++) await store.append(`s-${i}`, [event(i)], { expectedRevision: 'no_stream' });
      // Appends in flight during the copy: the copy holds exactly those committed before it.
      const appending = Promise.all(Array.from({ length: 50 }, (_, i) => store.append(`t-${i}`, [event(i)], { expectedRevision: 'no_stream' })));
      const copy = join(directory, 'nested', 'backup.db');
      const summary = await backupSqliteEventStore(source, copy);
      await appending;

      expect(summary.events).toBeGreaterThanOrEqual(20);
      expect(summary.lastPosition).toEqual({ commit: BigInt(summary.events), prepare: BigInt(summary.events) });
      expect(summary.bytes).toBe(fs.statSync(copy).size);
      expect(fs.statSync(copy).mode & 0o777).toBe(0o600);
      // One file: no WAL beside it, no temporary file left.
      expect(fs.readdirSync(join(directory, 'nested'))).toEqual(['backup.db']);
      const copied = await store.readAll({ maxCount: summary.events });
      const db = new Database(copy, { readonly: true });
      try {
        expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
        const ids = db.prepare('SELECT event_id FROM events ORDER BY position').pluck().all();
        expect(ids).toEqual(copied.map((e) => e.id));
      } finally {
        db.close();
      }
      expect(inspectSqliteEventStore(copy)).toEqual(summary);
    } finally {
      await store.close();
    }
  });

  it('never overwrites a file', async () => {
    await new SqliteEventStore({ filename: source }).close();
    const copy = join(directory, 'taken.db');
    fs.writeFileSync(copy, 'mine');
    await expect(backupSqliteEventStore(source, copy)).rejects.toThrow('a backup never overwrites a file');
    expect(fs.readFileSync(copy, 'utf8')).toBe('mine');
  });

  it('refuses files that are not a ledger store: text, another SQLite database, a newer schema', async () => {
    const text = join(directory, 'notes.txt');
    fs.writeFileSync(text, 'not a database at all, but long enough to have a header of sorts.............................');
    expect(() => inspectSqliteEventStore(text)).toThrow(NotALedgerStoreError);
    expect(() => inspectSqliteEventStore(join(directory, 'missing.db'))).toThrow(NotALedgerStoreError);

    const other = join(directory, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE things (x)');
    db.close();
    expect(() => inspectSqliteEventStore(other)).toThrow('it has no event table');
    await expect(backupSqliteEventStore(other, join(directory, 'b.db'))).rejects.toThrow(NotALedgerStoreError);
    expect(fs.existsSync(join(directory, 'b.db'))).toBe(false);

    await new SqliteEventStore({ filename: source }).close();
    const newer = new Database(source);
    newer.pragma('user_version = 99');
    newer.close();
    expect(() => inspectSqliteEventStore(source)).toThrow('schema version 99');
  });

  it('copySqliteEventStore copies a checked backup into a new private file', async () => {
    const store = new SqliteEventStore({ filename: source });
    await store.append('s', [event(1), event(2)], { expectedRevision: 'no_stream' });
    await store.close();
    const backup = join(directory, 'backup.db');
    const taken = await backupSqliteEventStore(source, backup);
    const restored = join(directory, 'restored', 'events.db');
    expect(await copySqliteEventStore(backup, restored)).toEqual(taken);
    expect(fs.statSync(restored).mode & 0o777).toBe(0o600);
    const reopened = new SqliteEventStore({ filename: restored });
    try {
      expect((await reopened.readStream('s')).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      await reopened.close();
    }
  });

  it('tells whether another connection has the store open', async () => {
    assertSqliteEventStoreNotInUse(source); // no file: not in use
    const store = new SqliteEventStore({ filename: source });
    await store.append('s', [event(1)], { expectedRevision: 'no_stream' });
    expect(() => assertSqliteEventStoreNotInUse(source)).toThrow(EventStoreFileInUseError);
    await store.close();
    assertSqliteEventStoreNotInUse(source);
    // The probe leaves the store as it was.
    const reopened = new SqliteEventStore({ filename: source });
    try {
      expect(await reopened.readStream('s')).toHaveLength(1);
    } finally {
      await reopened.close();
    }
  });
});
