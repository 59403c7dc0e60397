import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ReadModelDatabase } from './read-model-database';
import { ReadModelOwnerLock } from './read-model-owner-lock';

const NOW = Date.UTC(2026, 0, 1);

describe('read-model file ownership (in one process; across processes: test/replicas/read-model-owner)', () => {
  let dir: string;
  let file: string;
  const open: { close(): void }[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-model-owner-'));
    file = path.join(dir, 'read-models.db');
  });
  afterEach(() => {
    for (const o of open.splice(0)) o.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second opener of one file with read_model_file_in_use, naming the owner, and leaves the owner working', () => {
    const first = ReadModelDatabase.open({ filename: file });
    open.push(first);
    expect(() => open.push(ReadModelDatabase.open({ filename: file }))).toThrow(
      expect.objectContaining({
        name: 'ReadModelFileInUseError',
        code: 'read_model_file_in_use',
        file,
        owner: expect.objectContaining({ host: os.hostname(), pid: process.pid }),
        message: expect.stringContaining(`is in use by process ${process.pid} on host ${os.hostname()}`),
      }),
    );
    // The refused opener touched nothing of the owner's.
    expect(first.projections().length).toBeGreaterThan(0);
    expect(first.checkpoint(first.projections()[0].projection, 1)).toEqual({ position: null, eventsApplied: 0, lastRecordedAt: null });
  });

  it('lets the file be opened again once its owner closed it, and removes the owner record', () => {
    ReadModelDatabase.open({ filename: file }).close();
    expect(fs.existsSync(`${file}.owner`)).toBe(false);
    const again = ReadModelDatabase.open({ filename: file });
    open.push(again);
    expect(JSON.parse(fs.readFileSync(`${file}.owner`, 'utf8'))).toMatchObject({ host: os.hostname(), pid: process.pid });
  });

  it('takes over from an owner record that no lock backs (a killed owner leaves it behind)', () => {
    fs.writeFileSync(`${file}.owner`, JSON.stringify({ host: os.hostname(), pid: 999_999, since: new Date(NOW).toISOString() }));
    const lock = ReadModelOwnerLock.acquire(file, () => NOW + 1);
    open.push({ close: () => lock.release() });
    expect(JSON.parse(fs.readFileSync(`${file}.owner`, 'utf8'))).toEqual({ host: os.hostname(), pid: process.pid, since: new Date(NOW + 1).toISOString() });
  });

  it('keeps `:memory:` databases out of it (each is its connection\'s own)', () => {
    open.push(ReadModelDatabase.open({ filename: ':memory:' }), ReadModelDatabase.open({ filename: ':memory:' }));
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
