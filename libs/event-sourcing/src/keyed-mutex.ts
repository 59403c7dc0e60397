/**
 * Serialises async work per key inside one process. Commands on the same stream queue behind
 * each other instead of racing to a revision conflict; conflicts then only happen between
 * processes (replicas), where the expected-revision check resolves them.
 *
 * Each key has a slot, updated in place, and idle slots are swept out in bulk once the map has
 * doubled since the last sweep (amortised O(1) per run, at most about twice the busy keys
 * kept). Deleting a key's entry after every run, as this did, made V8 rebuild the map's table
 * every few hundred refreshes, and each discarded table, garbage in the old generation, kept
 * the promises it still pointed at alive until a major collection.
 */
export class KeyedMutex {
  private readonly slots = new Map<string, Slot>();
  private sweepAt = MIN_SWEEP_SIZE;

  /** Runs `work` once every earlier task for `key` has settled. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { tail: SETTLED, running: 0 };
      this.slots.set(key, slot);
      if (this.slots.size > this.sweepAt) this.sweep();
    }
    const previous = slot.tail;
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    slot.tail = previous.then(() => mine);
    slot.running += 1;
    try {
      await previous;
      return await work();
    } finally {
      release();
      slot.running -= 1;
    }
  }

  /** Keys with a slot (busy, or idle since the last sweep). */
  get size(): number {
    return this.slots.size;
  }

  /** Drops the slots of keys with nothing running or queued. */
  private sweep(): void {
    for (const [key, slot] of this.slots) if (slot.running === 0) this.slots.delete(key);
    this.sweepAt = Math.max(MIN_SWEEP_SIZE, 2 * this.slots.size);
  }
}

interface Slot {
  /** Settles when the last task queued for the key has. */
  tail: Promise<void>;
  /** Tasks of the key started and not finished (running or waiting their turn). */
  running: number;
}

const SETTLED: Promise<void> = Promise.resolve();
/** Idle slots are kept until the map holds this many (or twice the busy ones). */
const MIN_SWEEP_SIZE = 1024;
