/** The one source of "now" for handlers; tests bind a fixed or steppable clock. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** Injection token for {@link Clock}. */
export const CLOCK = Symbol.for('tokenledger.Clock');

/** Wall-clock time. */
export const systemClock: Clock = { now: () => Date.now() };
