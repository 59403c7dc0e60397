import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * Whether nothing keeps `ref`'s object reachable any more: runs full garbage collections
 * (V8's `gc()`, exposed for this) and looks. For specs that prove some long-lived object does not
 * retain what passed through it.
 */
export async function isCollected(ref: WeakRef<object>): Promise<boolean> {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  for (let i = 0; i < 5; i++) {
    // A WeakRef's target stays alive until the end of the current job: yield between rounds.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    if (ref.deref() === undefined) return true;
  }
  return false;
}
