/** What {@link Linger.wait} returns once the linger is over. */
export const LINGER_ELAPSED = Symbol('linger elapsed');

/**
 * A batch's linger: waits for the next event or the end of the linger, whichever comes first.
 *
 * Not `Promise.race([next, elapsed])`: every race leaves a reaction on `elapsed` that keeps that
 * race's result (an event) reachable until the linger ends. Under load that was every event of
 * a batch, held for up to 100 ms, long enough for the garbage collector to move them all to the
 * old generation. Here the one pending wait is woken through a slot that is replaced, not kept.
 */
export class Linger {
  private elapsed = false;
  private wake: (() => void) | null = null;
  private readonly timer: NodeJS.Timeout | NodeJS.Immediate;

  /** @param ms how long; 0 ends it at the next turn of the event loop */
  constructor(private readonly ms: number) {
    const end = () => {
      this.elapsed = true;
      this.wake?.();
      this.wake = null;
    };
    this.timer = ms > 0 ? setTimeout(end, ms) : setImmediate(end);
  }

  /** `next`'s outcome, or LINGER_ELAPSED once the linger is over (at once if it is). */
  wait<T>(next: Promise<T>): Promise<T | typeof LINGER_ELAPSED> {
    if (this.elapsed) return Promise.resolve(LINGER_ELAPSED);
    return new Promise<T | typeof LINGER_ELAPSED>((resolve, reject) => {
      this.wake = () => resolve(LINGER_ELAPSED);
      next.then(resolve, reject);
    });
  }

  /** Stops the timer; a wait in progress is left to `next`. */
  cancel(): void {
    this.wake = null;
    if (this.ms > 0) clearTimeout(this.timer as NodeJS.Timeout);
    else clearImmediate(this.timer as NodeJS.Immediate);
  }
}
