import { WrongExpectedRevisionError, type EventStore } from '@ledger/event-sourcing';
import { randomUUID } from 'node:crypto';
import type { RequestContext } from './request-context';

/**
 * Appends the one event of a "used once" stream (a `private_key_jwt` assertion id, a DPoP
 * proof id) with the expected revision `no_stream`, so the event store's optimistic
 * concurrency is the check-and-set: a second use, on this replica or any other sharing the
 * store, and after a restart, conflicts. An in-memory cache would be faster but would let a
 * replay through on another replica. No read–decide loop: the stream has no state to decide on
 * beyond "exists", which is exactly what `no_stream` asks the store.
 *
 * @returns `false` when the stream existed already (a replay).
 */
export async function recordFirstUse(
  store: EventStore,
  streamName: string,
  event: { readonly type: string; readonly data: object },
  context: RequestContext,
): Promise<boolean> {
  try {
    await store.append(
      streamName,
      [
        {
          id: randomUUID(),
          type: event.type,
          data: event.data,
          metadata: {
            schemaVersion: 1,
            actor: context.actor,
            requestId: context.requestId,
            correlationId: context.correlationId,
            causationId: context.requestId,
            previousEventHash: null,
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    return true;
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) return false;
    throw error;
  }
}
