/**
 * Serialises async work per key inside one process. Commands on the same stream queue behind
 * each other instead of racing to a revision conflict; conflicts then only happen between
 * processes (replicas), where the expected-revision check resolves them.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` once every earlier task for `key` has settled. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    try {
      await previous;
      return await work();
    } finally {
      release();
      // Drop the entry when nobody queued behind us, so the map does not grow with streams.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
