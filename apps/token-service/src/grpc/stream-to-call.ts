import { once } from 'node:events';
import { Observable } from 'rxjs';

/** The part of a grpc-js server stream the backpressure needs. */
export interface DrainableCall {
  readonly writableNeedDrain: boolean;
  once(event: 'drain', listener: () => void): unknown;
  removeListener(event: 'drain', listener: () => void): unknown;
}

/**
 * A server stream from a pull-based source, with backpressure: Nest writes each value the
 * moment it is emitted, so the next one is pulled only once the call's buffer has drained. A
 * long history or a feed catching up from an old cursor is then read no faster than the
 * client reads it. Unsubscribing (the client cancelled) ends the source at once.
 */
export function streamToCall<T>(source: AsyncIterable<T>, call: DrainableCall): Observable<T> {
  return new Observable<T>((subscriber) => {
    const iterator = source[Symbol.asyncIterator]();
    const stop = new AbortController();
    void (async () => {
      try {
        for (;;) {
          const result = await iterator.next();
          if (stop.signal.aborted) return;
          if (result.done) {
            subscriber.complete();
            return;
          }
          subscriber.next(result.value);
          if (call.writableNeedDrain) await once(call as unknown as NodeJS.EventEmitter, 'drain', { signal: stop.signal });
        }
      } catch (error) {
        if (!stop.signal.aborted) subscriber.error(error);
      }
    })();
    return () => {
      stop.abort();
      void iterator.return?.();
    };
  });
}
