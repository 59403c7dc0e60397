import * as fs from 'node:fs';
import * as path from 'node:path';

/** POSIX permission bits are meaningless on Windows, where ACLs govern access instead. */
const POSIX_MODES = process.platform !== 'win32';

/** Group and other permission bits: a store file holds subjects, client configuration and token hashes. */
const GROUP_OTHER = 0o077;

/**
 * Makes `filename` a file only its owner can access, before a database opens it: creates its
 * directory (mode 0700, for the directories it has to create; an existing one is left as it is)
 * and the file (mode 0600, whatever the umask), or narrows an existing file that group or others
 * can access, and each existing `filename + suffix` in `companions` likewise.
 *
 * Run once when a store opens, never per write. SQLite creates its `-wal`, `-shm` and `-journal`
 * files with the database file's own mode, so a 0600 database keeps the rest private; companions
 * left by an older version (a `-wal` surviving a crash) are narrowed here, as SQLite reuses them
 * as they are.
 *
 * @throws Error naming the file when it cannot be created or narrowed (e.g. owned by another user).
 */
export function createPrivateFile(filename: string, companions: readonly string[] = []): void {
  fs.mkdirSync(path.dirname(filename), { recursive: true, mode: 0o700 });
  narrowToOwner(filename, true);
  for (const suffix of companions) narrowToOwner(filename + suffix, false);
}

function narrowToOwner(filename: string, create: boolean): void {
  let fd: number;
  try {
    // Read-only suffices for fchmod; O_CREAT without O_TRUNC never touches existing content.
    fd = fs.openSync(filename, create ? fs.constants.O_RDONLY | fs.constants.O_CREAT : fs.constants.O_RDONLY, 0o600);
  } catch (error) {
    if (!create && (error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new Error(`cannot open ${filename} to make it private`, { cause: error });
  }
  try {
    const mode = fs.fstatSync(fd).mode;
    if (POSIX_MODES && (mode & GROUP_OTHER) !== 0) fs.fchmodSync(fd, mode & 0o700);
  } catch (error) {
    throw new Error(`cannot narrow ${filename} to mode 0600: chown it to the service's user or chmod it 0600`, { cause: error });
  } finally {
    fs.closeSync(fd);
  }
}
