import type { AccessTokenRevokedData, TokenRevokedData } from '@ledger/domain';
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
  | { readonly heartbeat: { readonly cursor: string; readonly at: string } }
  | {
      readonly accessTokenRevocation: {
        readonly familyId: string;
        readonly jti: string;
        readonly expiresAt: string;
        readonly reason: string;
        readonly revokedAt: string;
        readonly cursor: string;
      };
    };

/** The event types the feed sends (the store filters by these prefixes). */
export const REVOCATION_EVENT_TYPES = ['TokenRevoked', 'AccessTokenRevoked'] as const;

const HEARTBEAT = Symbol('heartbeat');

/**
 * One watcher's feed: the store subscription's `TokenRevoked` and `AccessTokenRevoked` events
 * as messages, and a
 * heartbeat whenever nothing was sent for the heartbeat interval. Pull-based, so a slow
 * watcher is never sent more than it reads: the next event is read only when it asks.
 *
 * It ends (`return()`) by unsubscribing at once, even while waiting for an event, and fails
 * with UNAVAILABLE when aborted (shutdown) or when the store ends the subscription, so the
 * watcher reconnects with its last cursor.
 */
export class RevocationStream implements AsyncIterableIterator<RevocationFeedMessage> {
  private readonly events: AsyncIterator<RecordedEvent>;
  /** The subscription's next result once it has come (read once, whatever the heartbeats). */
  private arrived: { readonly result: IteratorResult<RecordedEvent> } | { readonly error: unknown } | null = null;
  private reading = false;
  /**
   * Wakes the read in progress (an event arrived, or the feed was aborted). A slot, not a
   * promise raced at every read: `Promise.race` leaves a reaction on each promise it races, so
   * racing one that lives as long as the stream (an abort signal), or the same pending read at
   * every heartbeat, kept one per read reachable until that promise settled, for the life of
   * a watcher that may stay connected for days.
   */
  private wake: (() => void) | null = null;
  private abortedWith: Error | null = null;
  private cursor: string;
  private ended = false;

  constructor(
    private readonly subscription: Subscription,
    start: RevocationCursor,
    private readonly heartbeatMs: number,
    private readonly clock: Clock,
    private readonly onEnd: (stream: RevocationStream) => void,
  ) {
    this.events = subscription[Symbol.asyncIterator]();
    this.cursor = encodeRevocationCursor(start);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<RevocationFeedMessage>> {
    for (;;) {
      if (this.ended) return { done: true, value: undefined };
      this.readAhead();
      if (this.arrived === null) {
        const heartbeat = await this.waitForArrival();
        if (this.abortedWith) throw this.abortedWith;
        if (this.ended) return { done: true, value: undefined };
        if (heartbeat) {
          return { done: false, value: { heartbeat: { cursor: this.cursor, at: new Date(this.clock.now()).toISOString() } } };
        }
      }
      const arrived = this.arrived!;
      this.arrived = null;
      if ('error' in arrived) throw arrived.error;
      const first = arrived.result;
      if (first.done) {
        await this.close();
        throw new TemporarilyUnavailableError('The revocation feed ended; reconnect with the last cursor.', 'feed_ended');
      }
      // The filter matches type prefixes: skip any longer type that shares one of these prefixes.
      const type = first.value.type;
      if (type !== 'TokenRevoked' && type !== 'AccessTokenRevoked') continue;
      this.cursor = encodeRevocationCursor(first.value.position);
      const message =
        type === 'TokenRevoked'
          ? revocationMessage(first.value as RecordedEvent<'TokenRevoked', TokenRevokedData>, this.cursor)
          : accessTokenRevocationMessage(first.value as RecordedEvent<'AccessTokenRevoked', AccessTokenRevokedData>, this.cursor);
      return { done: false, value: message };
    }
  }

  /** The watcher is gone: unsubscribe now, even if an event is being waited for. */
  async return(): Promise<IteratorResult<RevocationFeedMessage>> {
    await this.close();
    return { done: true, value: undefined };
  }

  /** Starts reading the subscription's next result unless one is on its way or has come. */
  private readAhead(): void {
    if (this.reading || this.arrived !== null) return;
    this.reading = true;
    this.events.next().then(
      (result) => this.arrive({ result }),
      (error: unknown) => this.arrive({ error }),
    );
  }

  private arrive(arrived: { result: IteratorResult<RecordedEvent> } | { error: unknown }): void {
    this.reading = false;
    this.arrived = arrived;
    this.wakeUp();
  }

  /** True when the heartbeat interval passed first. */
  private waitForArrival(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve(true);
      }, this.heartbeatMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve(false);
      };
    });
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Ends the feed with `error` (UNAVAILABLE on shutdown), waking a pending read. */
  async abort(error: Error): Promise<void> {
    this.abortedWith ??= error;
    this.wakeUp();
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

function accessTokenRevocationMessage(event: RecordedEvent<'AccessTokenRevoked', AccessTokenRevokedData>, cursor: string): RevocationFeedMessage {
  const { familyId, jti, exp, reason, revokedAt } = event.data;
  return {
    accessTokenRevocation: {
      familyId,
      jti,
      expiresAt: new Date(exp * 1_000).toISOString(),
      reason,
      revokedAt: new Date(revokedAt).toISOString(),
      cursor,
    },
  };
}
