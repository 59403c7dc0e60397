import { isCollected } from '@ledger/testing';
import { Linger, LINGER_ELAPSED } from './linger';

describe('Linger', () => {
  it('gives the awaited outcome while it lasts, then LINGER_ELAPSED, at once for every later wait', async () => {
    const linger = new Linger(0);
    await expect(linger.wait(Promise.resolve('event'))).resolves.toBe('event');
    await expect(linger.wait(Promise.reject(new Error('store failed')))).rejects.toThrow('store failed');
    // Nothing arrives: the linger ends the wait.
    await expect(linger.wait(new Promise(() => undefined))).resolves.toBe(LINGER_ELAPSED);
    await expect(linger.wait(Promise.resolve('late'))).resolves.toBe(LINGER_ELAPSED);
  });

  it('keeps nothing it handed out reachable while it lasts (Promise.race against it would keep every one)', async () => {
    const linger = new Linger(60_000);
    let ref: WeakRef<object> | undefined;
    for (let i = 0; i < 100; i++) {
      const event = { position: i };
      if (i === 0) ref = new WeakRef(event);
      expect(await linger.wait(Promise.resolve(event))).toBe(event);
    }
    // The linger is still on: the first event must already be collectable.
    expect(await isCollected(ref!)).toBe(true);
    linger.cancel();
  });
});
