/**
 * Catch-up-then-live subscriptions: `Streams.Read` with the `subscription` option, on one
 * stream or on `$all` (optionally filtered, with checkpoints).
 *
 * What the client sees, in order (EventStore
 * `src/EventStore.Core/Services/Transport/Enumerators/Enumerator.AllSubscription.cs`,
 * `Enumerator.AllSubscriptionFiltered.cs`, `Enumerator.StreamSubscription.cs`):
 * 1. `confirmation` with a subscription id;
 * 2. the catch-up: events strictly **after** the start (a `$all` position or a stream
 *    revision), everything from `start`, nothing from `end`;
 * 3. for a filtered `$all` subscription that caught up on something, a `checkpoint` at the
 *    last record it considered;
 * 4. `caught_up` (servers from 23.10 on; the client emits `caughtUp`);
 * 5. live events as they are written, and for a filtered `$all` subscription a `checkpoint`
 *    every `checkpointIntervalMultiplier × max search window` records considered, matching or
 *    not (also during the catch-up).
 *
 * The emulator walks one cursor through the log for both phases, so there is no window in which
 * an event written during the catch-up could be missed or sent twice (the real server switches
 * between a catch-up reader and a live queue; its client-visible result is the same).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { status as GrpcStatus, type ServerWritableStream } from '@grpc/grpc-js';

import type { EmulatorSettings, LogReader } from './context';
import { rpcError, streamDeleted, type RpcError } from './errors';
import type { Faults } from './faults';
import { readEventMessage, streams } from './protocol';
import { comparePosition, firstIndexWhere, type LogPosition, send, type ReadRequest } from './read';
import type { EmulatorStats } from './stats';
import type { StoredEvent } from './store';

type ReadCall = ServerWritableStream<streams.ReadReq, streams.ReadResp>;

interface Dependencies {
  /** The log as the serving node sees it (a follower: what it has replicated). */
  readonly log: LogReader;
  readonly faults: Faults;
  readonly settings: EmulatorSettings;
  readonly stats: EmulatorStats;
}

/** Every live subscription, so that tests can drop them all. */
export class SubscriptionRegistry {
  private readonly active = new Set<CatchUpSubscription>();

  constructor(private readonly dependencies: Dependencies) {}

  /** How many subscriptions are open. */
  get size(): number {
    return this.active.size;
  }

  start(call: ReadCall, request: ReadRequest): void {
    const subscription = new CatchUpSubscription(call, request, this.dependencies, () => this.active.delete(subscription));
    this.active.add(subscription);
    subscription.run();
  }

  /** Ends every subscription with `error` (or with status OK); answers how many there were. */
  dropAll(error: RpcError | undefined): number {
    const subscriptions = [...this.active];
    for (const subscription of subscriptions) subscription.fail(error);
    return subscriptions.length;
  }

  /** Stops every subscription without answering (the server is going away). */
  closeAll(): void {
    for (const subscription of [...this.active]) subscription.close();
  }
}

class CatchUpSubscription {
  private readonly stop = new AbortController();
  private ended = false;
  private cursor = 0;
  private live = false;
  /** Records considered since the last checkpoint (filtered `$all` only). */
  private sinceCheckpoint = 0;
  private lastConsidered: bigint | undefined;
  private lastCheckpoint: bigint | undefined;
  private consideredDuringCatchUp = false;

  constructor(
    private readonly call: ReadCall,
    private readonly request: ReadRequest,
    private readonly dependencies: Dependencies,
    private readonly onEnd: () => void,
  ) {
    call.once('cancelled', () => this.close());
  }

  run(): void {
    this.loop().catch((error: unknown) => {
      if (this.stop.signal.aborted) return;
      this.fail(rpcError(GrpcStatus.INTERNAL, `Emulator subscription failed: ${String(error)}`));
    });
  }

  /** Ends the call with `error`, or with status OK when there is none. */
  fail(error: RpcError | undefined): void {
    if (this.ended) return;
    this.close();
    if (error) this.call.emit('error', error);
    else this.call.end();
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.stop.abort();
    this.onEnd();
  }

  private async loop(): Promise<void> {
    const { signal } = this.stop;
    const confirmation = new streams.ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
    await send(this.call, new streams.ReadResp().setConfirmation(confirmation), signal);
    this.cursor = this.startCursor();

    while (!signal.aborted) {
      const next = this.next();
      if (next === 'deleted') return this.fail(streamDeleted(this.streamName()));
      if (next === undefined) {
        if (this.live) await this.dependencies.log.waitForWrite(signal);
        else await this.goLive();
        continue;
      }
      await this.deliver(next);
    }
  }

  private streamName(): string {
    return this.request.target.kind === 'stream' ? this.request.target.streamName : '$all';
  }

  /** Index of the first record to consider: the start itself is excluded. */
  private startCursor(): number {
    const { target } = this.request;
    const { log } = this.dependencies;
    if (target.kind === 'all') {
      const cursor =
        target.from === 'start'
          ? 0
          : target.from === 'end'
            ? log.allLength()
            : firstIndexWhere(log.all.slice(0, log.allLength()), (event) => comparePosition(event.position, target.from as LogPosition) > 0);
      if (cursor === 0 && target.from !== 'end') {
        this.dependencies.stats.allReadsFromStart += 1;
        this.dependencies.stats.allSubscriptionsFromStart += 1;
      }
      return cursor;
    }
    if (target.from === 'start') return 0;
    const stream = log.streamState(target.streamName);
    if (target.from === 'end') return stream?.events.length ?? 0;
    return Number(target.from) + 1;
  }

  /** The next record to consider, `undefined` at the end, `'deleted'` for a tombstoned stream. */
  private next(): StoredEvent | 'deleted' | undefined {
    const { target } = this.request;
    const { log } = this.dependencies;
    if (target.kind === 'all') {
      if (this.cursor >= log.allLength()) return undefined;
      this.dependencies.stats.allRecordsRead += 1;
      return log.all[this.cursor++];
    }
    const stream = log.streamState(target.streamName);
    if (!stream) return undefined;
    if (stream.tombstoned) return 'deleted';
    while (this.cursor < stream.events.length) {
      const event = stream.events[this.cursor++];
      // Soft-deleted events stay hidden; a recreated stream shows its new events only.
      if (event.revision >= stream.truncateBefore) return event;
    }
    return undefined;
  }

  private async deliver(event: StoredEvent): Promise<void> {
    const { filter, structuredUuids } = this.request;
    const { signal } = this.stop;
    if (!filter || filter.matches(event)) {
      const delay = this.dependencies.faults.liveDelayMs;
      if (this.live && delay > 0) await sleep(delay, undefined, { signal });
      await send(this.call, new streams.ReadResp().setEvent(readEventMessage(event, structuredUuids)), signal);
    }
    if (!filter) return;
    this.lastConsidered = event.position;
    this.consideredDuringCatchUp ||= !this.live;
    this.sinceCheckpoint += 1;
    if (this.sinceCheckpoint >= filter.checkpointInterval) await this.checkpoint(event.position);
  }

  private async goLive(): Promise<void> {
    const { signal } = this.stop;
    // A filtered catch-up ends with a checkpoint where it stopped, so that at least one comes
    // within every interval (`AllSubscriptionFiltered.CatchUp`, `IsEndOfStream`).
    if (this.request.filter && this.consideredDuringCatchUp) await this.checkpoint(this.lastConsidered!);
    this.live = true;
    // `caught_up` exists from server 23.10 on; older servers never send it, so the adapter
    // must not wait for it (the client's `Subscription.ts` just emits `caughtUp`).
    if (this.dependencies.settings.sendsCaughtUp) {
      await send(this.call, new streams.ReadResp().setCaughtUp(new streams.ReadResp.CaughtUp()), signal);
    }
  }

  private async checkpoint(position: bigint): Promise<void> {
    this.sinceCheckpoint = 0;
    if (this.lastCheckpoint !== undefined && position <= this.lastCheckpoint) return;
    this.lastCheckpoint = position;
    const checkpoint = new streams.ReadResp.Checkpoint()
      .setCommitPosition(position.toString())
      .setPreparePosition(position.toString());
    await send(this.call, new streams.ReadResp().setCheckpoint(checkpoint), this.stop.signal);
  }
}
