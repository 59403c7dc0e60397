/**
 * Keys a counter tracks at most in one window. Past it, a key not yet seen is not counted (the
 * budget fails open for it) rather than growing without bound: a flood of made-up client ids
 * or addresses must not exhaust memory. 100,000 short keys are a few MB.
 */
export const DEFAULT_MAX_KEYS = 100_000;

/**
 * Hits per key in fixed windows of `windowMs` aligned on the epoch (as Okta's per-minute
 * buckets, whose `X-Rate-Limit-Reset` is the end of the minute). Every key shares the window, so
 * the whole map is dropped when it ends: no timer and no per-key expiry, one `Map` lookup per hit.
 * Time comes from the caller.
 */
export class FixedWindowCounter {
  private readonly counts = new Map<string, number>();
  private windowEnd = Number.NEGATIVE_INFINITY;

  constructor(
    readonly windowMs: number,
    private readonly maxKeys: number = DEFAULT_MAX_KEYS,
  ) {
    if (!Number.isInteger(windowMs) || windowMs <= 0) throw new RangeError('windowMs must be a positive integer');
  }

  /** Counts one hit on `key` at `now` (epoch ms); returns the key's count in this window, this hit included. */
  hit(key: string, now: number): number {
    this.roll(now);
    const count = (this.counts.get(key) ?? 0) + 1;
    if (count === 1 && this.counts.size >= this.maxKeys) return 1;
    this.counts.set(key, count);
    return count;
  }

  /** The key's count in the window holding `now`, without counting. */
  count(key: string, now: number): number {
    this.roll(now);
    return this.counts.get(key) ?? 0;
  }

  /** When the window holding `now` ends (epoch ms): every count is zero from then on. */
  resetAt(now: number): number {
    this.roll(now);
    return this.windowEnd;
  }

  /** Keys counted in the current window (for tests and the memory bound). */
  get size(): number {
    return this.counts.size;
  }

  private roll(now: number): void {
    // A clock stepped back stays in the later window: counts only ever reset forwards.
    if (now < this.windowEnd) return;
    this.counts.clear();
    this.windowEnd = (Math.floor(now / this.windowMs) + 1) * this.windowMs;
  }
}
