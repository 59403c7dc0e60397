import { FixedWindowCounter } from './fixed-window-counter';

const MINUTE = 60_000;
/** 2026-01-01T00:00:00Z, a whole minute. */
const T0 = Date.UTC(2026, 0, 1);

describe('FixedWindowCounter', () => {
  it('counts hits per key within a window', () => {
    const counter = new FixedWindowCounter(MINUTE);
    expect(counter.hit('a', T0)).toBe(1);
    expect(counter.hit('a', T0 + 1)).toBe(2);
    expect(counter.hit('b', T0 + 2)).toBe(1);
    expect(counter.count('a', T0 + 3)).toBe(2);
    expect(counter.count('c', T0 + 3)).toBe(0);
  });

  it('aligns windows on the epoch: the window of any instant ends at the next whole window', () => {
    const counter = new FixedWindowCounter(MINUTE);
    expect(counter.resetAt(T0)).toBe(T0 + MINUTE);
    expect(counter.resetAt(T0 + 59_999)).toBe(T0 + MINUTE);
    expect(counter.resetAt(T0 + MINUTE)).toBe(T0 + 2 * MINUTE);
  });

  it('starts every key from zero when the window ends, and not a millisecond before', () => {
    const counter = new FixedWindowCounter(MINUTE);
    counter.hit('a', T0 + 10);
    counter.hit('a', T0 + 20);
    expect(counter.count('a', T0 + MINUTE - 1)).toBe(2);
    expect(counter.count('a', T0 + MINUTE)).toBe(0);
    expect(counter.size).toBe(0);
    expect(counter.hit('a', T0 + MINUTE)).toBe(1);
  });

  it('keeps counting in the later window when the clock steps back', () => {
    const counter = new FixedWindowCounter(MINUTE);
    counter.hit('a', T0 + MINUTE + 5);
    expect(counter.hit('a', T0 + 5)).toBe(2);
    expect(counter.resetAt(T0 + 5)).toBe(T0 + 2 * MINUTE);
  });

  it('tracks at most maxKeys keys: a new key past the bound counts as a first hit and is not stored', () => {
    const counter = new FixedWindowCounter(MINUTE, 2);
    counter.hit('a', T0);
    counter.hit('b', T0);
    expect(counter.hit('c', T0)).toBe(1);
    expect(counter.hit('c', T0)).toBe(1);
    expect(counter.size).toBe(2);
    // Keys already tracked keep counting.
    expect(counter.hit('a', T0)).toBe(2);
  });

  it('refuses a window that is not a positive integer of ms', () => {
    expect(() => new FixedWindowCounter(0)).toThrow(RangeError);
    expect(() => new FixedWindowCounter(1.5)).toThrow(RangeError);
  });
});
