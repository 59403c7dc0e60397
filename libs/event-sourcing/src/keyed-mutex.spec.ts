import { KeyedMutex } from './keyed-mutex';

describe('KeyedMutex', () => {
  it('runs the tasks of one key one at a time, in order, and those of other keys alongside', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    let releaseFirst!: () => void;
    const first = mutex.run('a', async () => {
      log.push('a1 start');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      log.push('a1 end');
    });
    const second = mutex.run('a', async () => void log.push('a2'));
    const other = mutex.run('b', async () => void log.push('b1'));
    await other;
    expect(log).toEqual(['a1 start', 'b1']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });

  it('runs the next task of a key after a failed one, and passes the failure to its caller', async () => {
    const mutex = new KeyedMutex();
    const failed = mutex.run('a', async () => {
      throw new Error('refused');
    });
    const next = mutex.run('a', async () => 'ran');
    await expect(failed).rejects.toThrow('refused');
    await expect(next).resolves.toBe('ran');
  });

  it('keeps slots for a bounded number of idle keys, never dropping a busy one', async () => {
    const mutex = new KeyedMutex();
    let release!: () => void;
    const busy = mutex.run('busy', () => new Promise<void>((resolve) => (release = resolve)));
    for (let i = 0; i < 5000; i++) await mutex.run(`key-${i}`, async () => undefined);
    expect(mutex.size).toBeLessThanOrEqual(1025);
    // The busy key kept its slot through the sweeps: a task queued on it still waits its turn.
    let queuedRan = false;
    const queued = mutex.run('busy', async () => void (queuedRan = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(queuedRan).toBe(false);
    release();
    await Promise.all([busy, queued]);
    expect(queuedRan).toBe(true);
  });
});
