import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KeyFileInsecure, KeyMaterialInvalid } from './errors';

// Internal helpers for key files; not exported from the package.
// Synchronous on purpose: key files are a few hundred bytes, read once per process (or once per
// authorization server), and a synchronous read keeps the check-then-read race out of the code.

/** POSIX permission bits are meaningless on Windows, where ACLs govern access instead. */
const CHECK_MODES = process.platform !== 'win32';

/** Group and other permission bits: any of them set means someone else may read or swap the file. */
const GROUP_OTHER = 0o077;

/**
 * Creates `dir` (and parents) with mode 0700 and, when `tighten` is set, narrows an existing
 * directory that group/others can access: the directory protects the key files against being
 * replaced, which file modes alone cannot.
 */
export function ensurePrivateDir(dir: string, tighten: boolean): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (tighten && CHECK_MODES) {
    const mode = fs.statSync(dir).mode & 0o777;
    if ((mode & GROUP_OTHER) !== 0) fs.chmodSync(dir, 0o700);
  }
}

/**
 * Reads a key file after checking, on the open descriptor (so the file checked is the file
 * read), that it is a regular file and not accessible by group or others.
 *
 * @throws {KeyFileInsecure} the file's mode lets group or others read or write it.
 * @throws {KeyMaterialInvalid} the file is not a regular file or cannot be read.
 */
export function readPrivateFile(filePath: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(filePath, 'r');
  } catch (error: unknown) {
    throw new KeyMaterialInvalid(filePath, `cannot be opened (${errnoCode(error)})`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new KeyMaterialInvalid(filePath, 'not a regular file');
    const mode = stat.mode & 0o777;
    if (CHECK_MODES && (mode & GROUP_OTHER) !== 0) throw new KeyFileInsecure(filePath, mode);
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes `data` to `filePath` atomically with mode 0600: a temporary file in the same directory
 * (created exclusively with 0600, so the content is never briefly readable by others), fsynced,
 * then moved into place, and the directory fsynced so the name survives a crash.
 *
 * With `noClobber`, an existing `filePath` is kept and `false` returned: two processes creating
 * the same key at once agree on the first one written instead of the last.
 */
export function writePrivateFileAtomic(filePath: string, data: string | Buffer, noClobber: boolean): boolean {
  const dir = path.dirname(filePath);
  const tmp = path.join(dir, `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  let written = true;
  try {
    if (noClobber) written = linkNoClobber(tmp, filePath);
    else fs.renameSync(tmp, filePath);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  fsyncDir(dir);
  return written;
}

/** `link` fails when the target exists, which `rename` would silently overwrite. */
function linkNoClobber(tmp: string, target: string): boolean {
  try {
    fs.linkSync(tmp, target);
    return true;
  } catch (error: unknown) {
    const code = errnoCode(error);
    if (code === 'EEXIST') return false;
    // Some filesystems (certain network and container volume mounts) have no hard links.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EXDEV') {
      if (fs.existsSync(target)) return false;
      fs.renameSync(tmp, target);
      return true;
    }
    throw error;
  }
}

function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The errno code of a Node system error, or `unknown`: never the message, which may echo input. */
export function errnoCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return 'unknown';
}
