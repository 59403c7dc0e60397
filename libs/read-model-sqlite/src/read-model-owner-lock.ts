import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Who holds a read-model file, as its owner wrote it down when it took the lock. */
export interface ReadModelOwner {
  readonly host: string;
  readonly pid: number;
  /** When it took the lock (ISO 8601). */
  readonly since: string;
}

/**
 * A second process opened a read-model file that another process is writing. Each replica
 * needs its own read models on its own local disk (they are rebuilt from the event log).
 */
export class ReadModelFileInUseError extends Error {
  readonly code = 'read_model_file_in_use';

  constructor(
    readonly file: string,
    readonly owner: ReadModelOwner | null,
  ) {
    const by = owner ? `process ${owner.pid} on host ${owner.host} (since ${owner.since})` : 'another process';
    super(
      `The read-model file ${file} is in use by ${by}. Two processes must never write one read-model file: ` +
        'give each replica its own data directory on its own local disk (LEDGER_DATA_DIR, or LEDGER_READ_MODELS for the file alone); ' +
        'a new one is built from the event log at start. For the state of a running service\'s projections, ask it: GET /api/v1/ops/projections.',
    );
    this.name = 'ReadModelFileInUseError';
  }
}

/**
 * Exclusive ownership of a read-model file by one process: `<file>.lock`, an SQLite database
 * that the owner's connection holds in `locking_mode = EXCLUSIVE` for as long as it is open,
 * and `<file>.owner` (host, pid, since) for the message another process gets.
 *
 * Why SQLite's lock, not a lock file with a heartbeat: SQLite takes a POSIX advisory lock
 * (`fcntl`) on the file, and the kernel drops it with the process however it ends, `kill -9`
 * and OOM kills included. So a killed owner never blocks a restart and there is no staleness
 * bound to choose (a heartbeat's bound is either long, holding a restart back, or short, letting
 * a paused owner, e.g. a stopped container, be taken over while it still writes). It holds
 * between processes of one host, containers sharing a volume included. Within one process
 * SQLite tracks its connections' locks itself, so a second open there is refused too.
 *
 * What it does not do: protect a file on a network filesystem whose locks are not honoured
 * across hosts. Nothing would make that safe: the read models use WAL, which needs shared
 * memory (`-shm`) and does not work across hosts or on network filesystems at all. Read models
 * belong on each replica's local disk.
 */
export class ReadModelOwnerLock {
  private constructor(
    private readonly db: Database.Database,
    private readonly ownerFile: string,
  ) {}

  /**
   * Takes the file's lock or throws {@link ReadModelFileInUseError} at once (no waiting: the
   * owner holds it for its whole life).
   */
  static acquire(file: string, now: () => number = Date.now): ReadModelOwnerLock {
    const lockFile = `${file}.lock`;
    const ownerFile = `${file}.owner`;
    fs.mkdirSync(path.dirname(lockFile), { recursive: true, mode: 0o700 });
    createIfMissing(lockFile);
    const db = new Database(lockFile, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      // Nothing in it needs to survive a crash: no journal file beside it.
      db.pragma('journal_mode = OFF');
      // Taking EXCLUSIVE is what proves no other connection holds the file; in this locking
      // mode the connection keeps it after COMMIT until it closes.
      db.exec('BEGIN EXCLUSIVE');
      db.exec('CREATE TABLE IF NOT EXISTS owner_lock (id INTEGER PRIMARY KEY)');
      db.exec('COMMIT');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY' || (error as { code?: string }).code === 'SQLITE_LOCKED') {
        throw new ReadModelFileInUseError(file, readOwner(ownerFile));
      }
      throw error;
    }
    const owner: ReadModelOwner = { host: os.hostname(), pid: process.pid, since: new Date(now()).toISOString() };
    fs.writeFileSync(ownerFile, `${JSON.stringify(owner)}\n`, { mode: 0o600 });
    return new ReadModelOwnerLock(db, ownerFile);
  }

  /** Lets another process take the file. The lock file stays: removing it could let two processes lock two different files of one name. */
  release(): void {
    if (!this.db.open) return;
    try {
      fs.rmSync(this.ownerFile, { force: true });
    } finally {
      this.db.close();
    }
  }
}

/**
 * Creates the lock file (0600) when it does not exist yet. Never opens an existing one: closing
 * any descriptor of a file drops every POSIX lock this process holds on it, SQLite's included.
 */
function createIfMissing(lockFile: string): void {
  if (fs.existsSync(lockFile)) return;
  try {
    fs.closeSync(fs.openSync(lockFile, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600));
  } catch (error) {
    // Another process created it meanwhile: theirs is as good.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function readOwner(ownerFile: string): ReadModelOwner | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(ownerFile, 'utf8')) as Partial<ReadModelOwner>;
    if (typeof parsed.host !== 'string' || typeof parsed.pid !== 'number' || typeof parsed.since !== 'string') return null;
    return { host: parsed.host, pid: parsed.pid, since: parsed.since };
  } catch {
    return null;
  }
}
