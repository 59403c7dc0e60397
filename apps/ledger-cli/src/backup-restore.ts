import { REFRESH_TOKEN_KEY_FILE, type LedgerConfig } from '@ledger/config';
import type { GlobalPosition } from '@ledger/event-sourcing';
import {
  assertSqliteEventStoreNotInUse,
  backupSqliteEventStore,
  copySqliteEventStore,
  inspectSqliteEventStore,
  syncDirectory,
  type SqliteStoreSummary,
} from '@ledger/event-store-sqlite';
import { ReadModelOwnerLock } from '@ledger/read-model-sqlite';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { onlyOptions, UsageError, type ParsedArgs } from './cli-args';
import { NotFound, Refused } from './cli-errors';

/** What these commands use of the CLI's `CliIo`. */
interface BackupIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly now: () => number;
}

/** The files SQLite keeps beside a database. */
const SQLITE_COMPANIONS = ['-wal', '-shm', '-journal'] as const;

/**
 * `backup <file>`: an online copy of the embedded store into the new file `<file>` (see
 * `backupSqliteEventStore`), taken while the service runs and appends. It prints what the copy
 * holds, so the operator can note the last position it covers.
 */
export async function backup(config: LedgerConfig, io: BackupIo, args: ParsedArgs, rest: readonly string[]): Promise<void> {
  onlyOptions(args, []);
  const file = path.resolve(single(rest, 'backup <file>'));
  embeddedStoreOnly(config, 'backup');
  const source = storeFileOf(config);
  if (!fs.existsSync(source)) throw new NotFound(`no event store at ${source} (set LEDGER_DATA_DIR)`);
  if (file === source) throw new Refused(`${file} is the store itself: name a new file`);
  if (fs.existsSync(file)) throw new Refused(`${file} exists: a backup never overwrites a file, name a new one`);
  const summary = await backupSqliteEventStore(source, file);
  io.stdout.write(`${JSON.stringify({ file, source, ...describe(summary) }, null, 2)}\n`);
}

/**
 * `restore <file> --service-stopped`: puts a backup back as `<dataDir>/events.db`.
 *
 * Refused while any process has the data directory open: the read-model owner lock (which a
 * running service holds for its whole life) is taken for the duration of the restore, and the
 * store file must have no other connection (a service with in-memory read models, a CLI).
 * The file must be a ledger store this build reads.
 *
 * The store it replaces is kept beside it (`events.db.replaced-<time>`), never deleted: a
 * restore chosen by mistake can be undone the same way. The replica's derived files (read
 * models, the Merkle tree, the configuration registry's snapshot) are removed, since they fold
 * a log that is no longer this one; the next start rebuilds them from the restored log.
 *
 * The key files (key-encryption key, refresh-token key) and generated credentials are not in a
 * backup, by design, and are left as they are: a warning names any the restored log will need
 * and that neither the data directory nor the environment provides.
 */
export async function restore(config: LedgerConfig, io: BackupIo, args: ParsedArgs, rest: readonly string[]): Promise<void> {
  onlyOptions(args, ['service-stopped']);
  const file = path.resolve(single(rest, 'restore <file> --service-stopped'));
  embeddedStoreOnly(config, 'restore');
  if (args.options.get('service-stopped') !== true) {
    throw new UsageError(
      'restore replaces the event log under the data directory: stop the service (every process using ' +
        `${config.dataDir}) and pass --service-stopped`,
    );
  }
  const target = storeFileOf(config);
  if (file === target) throw new Refused(`${file} is the store being replaced: give the backup file`);
  if (!fs.existsSync(file)) throw new NotFound(`no backup file ${file}`);
  inspectSqliteEventStore(file);

  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const readModelsFile = config.readModels.file;
  // Held until the restore is done: a service starting meanwhile stops at its read models.
  const owner = readModelsFile === ':memory:' ? null : ReadModelOwnerLock.acquire(readModelsFile, io.now);
  try {
    assertSqliteEventStoreNotInUse(target);
    const incoming = `${target}.restoring-${process.pid}`;
    let summary: SqliteStoreSummary;
    let replaced: string | null = null;
    try {
      summary = await copySqliteEventStore(file, incoming);
      replaced = moveAside(target, io.now());
      fs.renameSync(incoming, target);
      syncDirectory(config.dataDir);
    } finally {
      for (const leftover of [incoming, ...SQLITE_COMPANIONS.map((suffix) => incoming + suffix)]) fs.rmSync(leftover, { force: true });
    }
    const removed = removeDerivedFiles(config);
    const warnings = missingKeyWarnings(config);
    for (const warning of warnings) io.stderr.write(`ledger: warning: ${warning}\n`);
    io.stdout.write(`${JSON.stringify({ restored: file, store: target, ...describe(summary), replaced, removed, warnings }, null, 2)}\n`);
  } finally {
    owner?.release();
  }
}

function embeddedStoreOnly(config: LedgerConfig, command: 'backup' | 'restore'): void {
  if (!config.eventStoreUrl) return;
  throw new Refused(
    `${command} copies the embedded store's file; on EventStoreDB (EVENTSTORE_URL) use the server's own ${command}, ` +
      'a copy of its db and index directories in the order its documentation gives (see docs/operations.md#backups), ' +
      'then check the restored cluster with: EVENTSTORE_URL=... npm run ledger -- verify',
  );
}

function storeFileOf(config: LedgerConfig): string {
  return path.join(config.dataDir, 'events.db');
}

function describe(summary: SqliteStoreSummary): { bytes: number; events: number; lastPosition: { commit: string; prepare: string } | null } {
  return { bytes: summary.bytes, events: summary.events, lastPosition: positionJson(summary.lastPosition) };
}

function positionJson(position: GlobalPosition | null): { commit: string; prepare: string } | null {
  return position && { commit: position.commit.toString(), prepare: position.prepare.toString() };
}

/**
 * Renames the store being replaced (and a WAL left beside it, which holds its last commits) to
 * `events.db.replaced-<time>`; its shared-memory index is only a cache and is removed. Nothing
 * to move: `null`.
 */
function moveAside(target: string, now: number): string | null {
  if (!fs.existsSync(target)) {
    for (const suffix of SQLITE_COMPANIONS) fs.rmSync(target + suffix, { force: true });
    return null;
  }
  const aside = `${target}.replaced-${new Date(now).toISOString().replace(/[:.]/g, '')}`;
  fs.renameSync(target, aside);
  for (const suffix of ['-wal', '-journal'] as const) {
    if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, aside + suffix);
  }
  fs.rmSync(`${target}-shm`, { force: true });
  return aside;
}

/** Removes this replica's files derived from the log; returns those that existed. */
function removeDerivedFiles(config: LedgerConfig): string[] {
  // The Merkle tree is derived like the read models: rebuilt from the log at start.
  const databases = [config.readModels.file, config.seals.merkleTreeFile].filter((file) => file !== ':memory:');
  const files = [
    ...databases.flatMap((db) => [db, ...SQLITE_COMPANIONS.map((suffix) => db + suffix)]),
    ...(config.registrySnapshotFile ? [config.registrySnapshotFile] : []),
  ];
  const removed = files.filter((file) => fs.existsSync(file));
  for (const file of removed) fs.rmSync(file, { force: true });
  return removed;
}

/** What the restored log will need at start that neither the environment nor the data directory holds. */
function missingKeyWarnings(config: LedgerConfig): string[] {
  const warnings: string[] = [];
  const kek = config.keys.keyEncryptionKey;
  if (kek.kind !== 'env' && !fs.existsSync(kek.file)) {
    warnings.push(
      `no key-encryption key at ${kek.file}: put the original's there (or set LEDGER_KEY_ENCRYPTION_KEY) before starting, ` +
        'or the service makes a new one and cannot unwrap the signing keys in the restored log',
    );
  }
  if (config.tokenKeyFromEnv === undefined && !fs.existsSync(path.join(config.dataDir, REFRESH_TOKEN_KEY_FILE))) {
    warnings.push(
      `no refresh-token key at ${path.join(config.dataDir, REFRESH_TOKEN_KEY_FILE)}: put the original's there (or set LEDGER_TOKEN_KEY) ` +
        'before starting, or every refresh token issued so far is refused',
    );
  }
  const sealingKey = config.seals.sealingKey;
  if (sealingKey?.kind === 'file' && !fs.existsSync(sealingKey.file)) {
    warnings.push(`no sealing key at ${sealingKey.file} (LEDGER_SEALING_KEY_FILE): put it there before starting, the service seals with it`);
  }
  return warnings;
}

function single(rest: readonly string[], usage: string): string {
  if (rest.length !== 1) throw new UsageError(`usage: ${usage}`);
  return rest[0];
}
