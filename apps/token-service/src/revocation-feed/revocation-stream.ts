import type { TokenRevokedData } from '@ledger/domain';
import type { RecordedEvent, Subscription } from '@ledger/event-sourcing';
import { TemporarilyUnavailableError } from '../oauth-errors/oauth-errors';
import type { Clock } from '../shared/clock';
import { encodeRevocationCursor, type RevocationCursor } from './revocation-cursor';

/** `tokenledger.v1.WatchResponse` as the server writes it (camelCase fields). */
export type RevocationFeedMessage =
  | {
      readonly revocation: {
        readonly familyId: string;
        readonly tokenId?: string;
        readonly reason: string;
        readonly revokedAt: string;
        readonly cursor: string;
      };
    }
  | { readonly heartbeat: { readonly cursor: string; readonly at: string } };

const HEARTBEAT = Symbol('heartbeat');

/**
 * One watcher's feed: the store subscription's `TokenRevoked` events as messages, and a
 * heartbeat whenever nothing was sent for the heartbeat interval. Pull-based, so a slow
 * watcher is never sent more than it reads: the next event is read only when it asks.
 *
 * It ends (`return()`) by unsubscribing at once, even while waiting for an event, and fails
 * with UNAVAILABLE when aborted (shutdown) or when the store ends the subscription, so the
 * watcher reconnects with its last cursor.
 */
export class RevocationStream implements AsyncIterableIterator<RevocationFeedMessage> {
  private readonly events: AsyncIterator<RecordedEvent>;
  private pending: Promise<IteratorResult<RecordedEvent>> | null = null;
  private cursor: string;
  private ended = false;
  private abortWith: ((error: Error) => void) | null = null;
  private readonly aborted: Promise<never>;

  constructor(
    private readonly subscription: Subscription,
    start: RevocationCursor,
    private readonly heartbeatMs: number,
    private readonly clock: Clock,
    private readonly onEnd: (stream: RevocationStream) => void,
  ) {
    this.events = subscription[Symbol.asyncIterator]();
    this.cursor = encodeRevocationCursor(start);
    this.aborted = new Promise<never>((_, reject) => {
      this.abortWith = reject;
    });
    // Only ever raced; a rejection nobody awaits must not become an unhandled one.
    this.aborted.catch(() => undefined);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<RevocationFeedMessage>> {
    for (;;) {
      if (this.ended) return { done: true, value: undefined };
      this.pending ??= this.events.next();
      let timer: NodeJS.Timeout | undefined;
      const beat = new Promise<typeof HEARTBEAT>((resolve) => {
        timer = setTimeout(() => resolve(HEARTBEAT), this.heartbeatMs);
      });
      const first = await Promise.race([this.pending, beat, this.aborted]).finally(() => clearTimeout(timer));
      if (this.ended) return { done: true, value: undefined };
      if (first === HEARTBEAT) {
        return { done: false, value: { heartbeat: { cursor: this.cursor, at: new Date(this.clock.now()).toISOString() } } };
      }
      this.pending = null;
      if (first.done) {
        await this.close();
        throw new TemporarilyUnavailableError('The revocation feed ended; reconnect with the last cursor.', 'feed_ended');
      }
      // The filter matches type prefixes: skip any longer type that shares this one's prefix.
      if (first.value.type !== 'TokenRevoked') continue;
      this.cursor = encodeRevocationCursor(first.value.position);
      return { done: false, value: revocationMessage(first.value as RecordedEvent<'TokenRevoked', TokenRevokedData>, this.cursor) };
    }
  }

  /** The watcher is gone: unsubscribe now, even if an event is being waited for. */
  async return(): Promise<IteratorResult<RevocationFeedMessage>> {
    await this.close();
    return { done: true, value: undefined };
  }

  /** Ends the feed with `error` (UNAVAILABLE on shutdown), waking a pending read. */
  async abort(error: Error): Promise<void> {
    this.abortWith?.(error);
    await this.close();
  }

  private async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.onEnd(this);
    await this.subscription.unsubscribe();
  }
}

function revocationMessage(event: RecordedEvent<'TokenRevoked', TokenRevokedData>, cursor: string): RevocationFeedMessage {
  const { familyId, tokenId, reason, revokedAt } = event.data;
  return {
    revocation: {
      familyId,
      ...(tokenId !== undefined ? { tokenId } : {}),
      reason,
      revokedAt: new Date(revokedAt).toISOString(),
      cursor,
    },
  };
}
