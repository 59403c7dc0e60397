import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createPrivateFile } from './private-file';

const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;

describe('createPrivateFile', () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'private-file-'));
    fs.chmodSync(root, 0o755);
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('creates the file 0600 in a directory that exists with 0755, and leaves that directory as it is', () => {
    const file = path.join(root, 'events.db');
    createPrivateFile(file);
    expect({ file: modeOf(file), size: fs.statSync(file).size, dir: modeOf(root) }).toEqual({ file: 0o600, size: 0, dir: 0o755 });
  });

  it('creates the missing directories 0700', () => {
    const file = path.join(root, 'a', 'b', 'read-models.db');
    createPrivateFile(file);
    expect([modeOf(path.join(root, 'a')), modeOf(path.join(root, 'a', 'b')), modeOf(file)]).toEqual([0o700, 0o700, 0o600]);
  });

  it('narrows an existing file and its existing companions that group or others can access, keeping their content', () => {
    const file = path.join(root, 'events.db');
    fs.writeFileSync(file, 'database');
    fs.writeFileSync(`${file}-wal`, 'log');
    fs.chmodSync(file, 0o644);
    fs.chmodSync(`${file}-wal`, 0o666);
    createPrivateFile(file, ['-wal', '-shm']);
    expect([modeOf(file), modeOf(`${file}-wal`), fs.readFileSync(file, 'utf8'), fs.readFileSync(`${file}-wal`, 'utf8')]).toEqual([
      0o600,
      0o600,
      'database',
      'log',
    ]);
    // A missing companion is not created: the database creates it, with the file's mode.
    expect(fs.existsSync(`${file}-shm`)).toBe(false);
  });

  it('leaves a file that is already owner-only as it is', () => {
    const file = path.join(root, 'events.db');
    fs.writeFileSync(file, '', { mode: 0o400 });
    createPrivateFile(file);
    expect(modeOf(file)).toBe(0o400);
  });
});
