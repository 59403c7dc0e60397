import {
  comparePositions,
  KeyedMutex,
  type EventFilter,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  type Subscription,
} from '@ledger/event-sourcing';
import type { Checkpoint, ReadModelDatabase, WorkerBatch } from '@ledger/read-model-sqlite';
import { Linger, LINGER_ELAPSED } from './linger';

/** A projection the engine runs: its name in the read-model database and its slice of the log. */
export interface ProjectionSource {
  readonly name: string;
  /** The server-side filter of its subscription (e.g. `streamNamePrefixes: ['tokenFamily-']`). */
  readonly filter: EventFilter;
}

/** Retention of ended families (`LEDGER_READ_MODEL_RETENTION_DAYS`). */
export interface RetentionOptions {
  /** Rows of families revoked or expired longer ago than this are deleted. */
  readonly days: number;
  /** How often to sweep. Default one hour. */
  readonly sweepIntervalMs?: number;
}

/** Minimal logger (Nest's `Logger` fits). */
export interface EngineLogger {
  log(message: Record<string, unknown>): void;
  error(message: Record<string, unknown>): void;
}

/** Options of {@link ProjectionEngine}. */
export interface ProjectionEngineOptions {
  readonly store: EventStore;
  readonly db: ReadModelDatabase;
  readonly projections: readonly ProjectionSource[];
  /** Most events per live transaction. Default 1000. */
  readonly batchSize?: number;
  /**
   * Events per page read while catching up or rebuilding. Default 500: a page's parsed events
   * then die young (cheap scavenges), where pages of thousands get promoted and make the
   * garbage collector the largest cost of a rebuild.
   */
  readonly catchUpBatchSize?: number;
  /** Most events per transaction while catching up or rebuilding (whole pages). Default 20,000. */
  readonly catchUpTransactionEvents?: number;
  /**
   * How long a live batch waits for more events before committing. Default 10 ms (the service
   * sets `LEDGER_PROJECTION_LINGER_MS`, 100 by default): under load a family refreshed several
   * times in the window is written once, and a transaction costs the same for 1 event or 500.
   */
  readonly lingerMs?: number;
  /**
   * Test-only (`LEDGER_PROJECTION_BATCH_HOLD_MS`): keep each batch's transaction open this long
   * after its rows are written and before its checkpoint is, so a crash test can kill the
   * process in the middle of a batch. 0 (default) in production.
   */
  readonly holdBatchMs?: number;
  readonly retention?: RetentionOptions | null;
  /** The application clock: retention cut-offs. */
  readonly now: () => number;
  /** Wall time, compared with the store's `recordedAt` for the lag in seconds. Default `Date.now`. */
  readonly wallClock?: () => number;
  readonly logger?: EngineLogger;
}

/** What a lane is doing (`indexing`: a rebuild building the indexes it deferred). */
export type LaneState = 'starting' | 'catching_up' | 'indexing' | 'live' | 'failed' | 'stopped';

/** A rebuild beside the live generation. */
export interface RebuildStatus {
  readonly generation: number;
  readonly state: LaneState;
  readonly startedAt: number | null;
  readonly checkpoint: GlobalPosition | null;
  readonly eventsApplied: number;
  readonly error: string | null;
}

/** One projection's position and lag, as `GET /api/v1/ops/projections` reports it. */
export interface ProjectionStatus {
  readonly name: string;
  readonly readModels: readonly string[];
  readonly state: LaneState;
  /** The generation the read models serve. */
  readonly generation: number;
  /** Position of the last event applied to it; `null` before the first. */
  readonly checkpoint: GlobalPosition | null;
  readonly eventsApplied: number;
  /** `recordedAt` of the last event applied (epoch ms). */
  readonly lastAppliedRecordedAt: number | null;
  /** Events of the projection's slice of the log not applied yet (at most `lagCap`). */
  readonly lagEvents: number;
  /** True when there are more than `lagEvents` (the count stops at the cap). */
  readonly lagEventsCapped: boolean;
  /** Age of the oldest event not applied yet, in seconds; 0 when caught up. */
  readonly lagSeconds: number;
  /** A batch whose transaction is open (only observable with the test-only hold). */
  readonly openBatch: { readonly events: number; readonly since: number } | null;
  readonly lastError: string | null;
  readonly rebuild: RebuildStatus | null;
  readonly lastRebuild: { readonly generation: number; readonly startedAt: number; readonly finishedAt: number } | null;
}

/** Raised when a wait for a checkpoint runs out of time. */
export class ProjectionWaitTimeoutError extends Error {
  readonly code = 'projection_wait_timeout' as const;
  constructor(timeoutMs: number) {
    super(`the projections did not reach the requested position within ${timeoutMs} ms`);
    this.name = 'ProjectionWaitTimeoutError';
  }
}

/** Raised for a projection name the engine does not run. */
export class UnknownProjectionError extends Error {
  readonly code = 'unknown_projection' as const;
  constructor(readonly projection: string) {
    super(`unknown projection: ${projection}`);
    this.name = 'UnknownProjectionError';
  }
}

const DEFAULT_WAIT_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;
const RETENTION_CHUNK = 500;
const DAY_MS = 86_400_000;

/**
 * Runs the projections: reads the global log (filtered server-side to each projection's
 * streams), applies pure `evolve` functions in batches, and commits each batch's rows together
 * with its checkpoint (the position of its last event) in one SQLite transaction. After a
 * crash it resumes from the stored checkpoint: a batch is either wholly in (rows and
 * checkpoint) or wholly out, so nothing is applied twice and nothing is skipped.
 *
 * Each projection has a live lane (the generation its views serve) and, while rebuilding, a
 * second lane that fills a new generation from the start of the log; once that one has caught
 * up with the live lane, the views are swapped to it in one transaction and it carries on as
 * the live lane. Catch-up reads pages with `readAll` (one query per page) and yields to the
 * event loop between pages; live mode follows `subscribeToAll` from the checkpoint (exclusive),
 * so the hot paths never wait for a projection and never do projection work themselves.
 *
 * Every write goes through one lock: one transaction at a time on the one write connection.
 */
export class ProjectionEngine {
  private readonly lanes = new Map<string, { live: Lane; rebuild: Lane | null }>();
  private readonly writeLock = new KeyedMutex();
  private readonly batchSize: number;
  private readonly catchUpBatchSize: number;
  private readonly catchUpTransactionEvents: number;
  private readonly lingerMs: number;
  private readonly holdBatchMs: number;
  private readonly wallClock: () => number;
  private progress = signal();
  private retentionTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private started = false;
  private stopped = false;

  constructor(private readonly options: ProjectionEngineOptions) {
    this.batchSize = options.batchSize ?? 1000;
    this.catchUpBatchSize = options.catchUpBatchSize ?? 500;
    this.catchUpTransactionEvents = options.catchUpTransactionEvents ?? 20_000;
    this.lingerMs = options.lingerMs ?? 10;
    this.holdBatchMs = options.holdBatchMs ?? 0;
    this.wallClock = options.wallClock ?? Date.now;
    const known = new Set(options.db.projections().map((p) => p.projection));
    for (const source of options.projections) {
      if (!known.has(source.name)) throw new UnknownProjectionError(source.name);
      const generations = options.db.generations(source.name);
      const live = new Lane(this, source, generations.live, 'live');
      const rebuild = generations.rebuild !== null ? new Lane(this, source, generations.rebuild, 'rebuild') : null;
      this.lanes.set(source.name, { live, rebuild });
    }
  }

  /**
   * Starts every projection from its stored checkpoint (and resumes a rebuild that a restart
   * interrupted). Returns at once: the lanes catch up in the background.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const [name, entry] of this.lanes) {
      this.startProjection(name, entry).catch((error: unknown) =>
        this.options.logger?.error({ msg: 'projection could not start', projection: name, error: messageOf(error) }),
      );
    }
    this.scheduleRetention(0);
  }

  /**
   * Starts a projection's lanes. A read model that has never applied an event, over a log
   * that holds some (a new read-model file, a changed schema), is built the way a rebuild is
   * (bulk load, indexes last, several times faster) and swapped in; until then its empty
   * tables answer and its lag says how far it is. Otherwise the live lane resumes from its
   * checkpoint, beside a rebuild that a restart interrupted.
   */
  private async startProjection(name: string, entry: { live: Lane; rebuild: Lane | null }): Promise<void> {
    entry.rebuild?.start();
    if (entry.live.checkpoint.position === null) {
      let logHasEvents = entry.rebuild !== null;
      if (!logHasEvents) {
        logHasEvents = await this.options.store
          .readAll({ maxCount: 1, filter: entry.live.source.filter })
          .then((first) => first.length > 0)
          // The store not answering now is the live lane's to retry.
          .catch(() => false);
      }
      if (this.stopped) return;
      if (logHasEvents) {
        if (!entry.rebuild) this.rebuild(name);
        return;
      }
    }
    entry.live.start();
  }

  /** Stops every lane; a batch in flight commits first. The database stays open. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.retentionTimer) clearTimeout(this.retentionTimer);
    const all = [...this.lanes.values()].flatMap(({ live, rebuild }) => (rebuild ? [live, rebuild] : [live]));
    await Promise.all(all.map((lane) => lane.stop()));
    await this.sweeping;
    // Whatever was queued on the lock has run (and found its lane closed).
    await this.writeLock.run('write', async () => undefined);
  }

  /**
   * Status and lag of every projection. Counting the lag reads the not-yet-applied events
   * (at most `lagCap` + 1 per projection), so a caller that polls should keep the cap small.
   */
  async status(lagCap = 10_000): Promise<ProjectionStatus[]> {
    return Promise.all([...this.lanes.keys()].map((name) => this.projectionStatus(name, lagCap)));
  }

  /** Status of one projection. */
  async projectionStatus(name: string, lagCap = 10_000): Promise<ProjectionStatus> {
    const entry = this.requireLanes(name);
    const { live, rebuild } = entry;
    const lag = await this.lagOf(live, lagCap);
    const generations = this.options.db.generations(name);
    const readModels = this.options.db.projections().find((p) => p.projection === name)?.readModels ?? [];
    return {
      name,
      readModels,
      state: live.state,
      generation: live.generation,
      checkpoint: live.checkpoint.position,
      eventsApplied: live.checkpoint.eventsApplied,
      lastAppliedRecordedAt: live.checkpoint.lastRecordedAt,
      lagEvents: lag.events,
      lagEventsCapped: lag.capped,
      lagSeconds: lag.seconds,
      openBatch: live.openBatch ?? rebuild?.openBatch ?? null,
      lastError: live.lastError,
      rebuild: rebuild
        ? {
            generation: rebuild.generation,
            state: rebuild.state,
            startedAt: generations.rebuildStartedAt,
            checkpoint: rebuild.checkpoint.position,
            eventsApplied: rebuild.checkpoint.eventsApplied,
            error: rebuild.lastError,
          }
        : null,
      lastRebuild: generations.lastRebuild,
    };
  }

  /**
   * Resolves once every projection has applied everything of its slice of the log up to
   * `position` (events of other streams at or before it need no applying). Rejects with
   * {@link ProjectionWaitTimeoutError} after `timeoutMs`.
   */
  async waitForPosition(position: GlobalPosition, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Armed before checking, so a batch committed during the check still wakes this wait.
      const progressed = this.progress.promise;
      if (await this.reached(position)) return;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new ProjectionWaitTimeoutError(timeoutMs);
      await raceWithTimeout(progressed, remaining);
    }
  }

  /**
   * Resolves once the projection's read models serve `generation` or a later one (a rebuild
   * started with that generation has been swapped in).
   */
  async waitForGeneration(name: string, generation: number, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    const projection = this.projectionOf(name);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const progressed = this.progress.promise;
      if (this.requireLanes(projection).live.generation >= generation) return;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new ProjectionWaitTimeoutError(timeoutMs);
      await raceWithTimeout(progressed, remaining);
    }
  }

  /**
   * Resolves once every projection has applied the last event of its slice of the log as it is
   * when this is called (the store head, for that projection).
   */
  async waitUntilCaughtUp(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const { live } of this.lanes.values()) {
      const [head] = await this.options.store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1, filter: live.source.filter });
      if (head) await this.waitForPosition(head.position, Math.max(0, deadline - Date.now()));
    }
  }

  /**
   * Starts rebuilding a projection (a read-model name names its projection) from the start of
   * the log into new tables, while the current ones keep serving; swaps when caught up.
   * Idempotent: a rebuild underway is returned, not restarted. `swapped` settles on the swap.
   */
  rebuild(name: string): { readonly projection: string; readonly generation: number; readonly swapped: Promise<void> } {
    if (!this.started || this.stopped) throw new Error('the projection engine is not running');
    const projection = this.projectionOf(name);
    const entry = this.requireLanes(projection);
    if (!entry.rebuild) {
      const generation = entry.live.generation + 1;
      const lane = new Lane(this, entry.live.source, generation, 'rebuild');
      entry.rebuild = lane;
      // The new tables are created under the write lock: a lane's transaction may be open on
      // the one write connection, and this must not become part of it.
      void this.writeLock
        .run('write', async () => {
          if (lane.closed) return;
          this.options.db.startRebuild(projection, this.options.now());
          lane.reloadCheckpoint();
          lane.start();
          this.options.logger?.log({ msg: 'projection rebuild started', projection, generation });
        })
        .catch((error: unknown) => {
          if (entry.rebuild === lane) entry.rebuild = null;
          lane.abort(error);
          this.options.logger?.error({ msg: 'projection rebuild could not start', projection, error: messageOf(error) });
        });
    }
    return { projection, generation: entry.rebuild.generation, swapped: entry.rebuild.swapped };
  }

  /** The projection a projection or read-model name belongs to. */
  projectionOf(name: string): string {
    for (const p of this.options.db.projections()) {
      if ((p.projection === name || p.readModels.includes(name)) && this.lanes.has(p.projection)) return p.projection;
    }
    throw new UnknownProjectionError(name);
  }

  /** Runs the retention sweep now (also runs on its timer); resolves when done. */
  async sweepRetention(): Promise<number> {
    const retention = this.options.retention;
    if (!retention || this.stopped) return 0;
    const cutoff = this.options.now() - retention.days * DAY_MS;
    let total = 0;
    for (;;) {
      const deleted = await this.writeLock.run('write', async () =>
        this.stopped ? 0 : this.options.db.deleteFamiliesEndedBefore(cutoff, RETENTION_CHUNK),
      );
      total += deleted;
      if (deleted < RETENTION_CHUNK) break;
      await yieldToEventLoop();
    }
    if (total > 0) this.options.logger?.log({ msg: 'read-model retention', familiesDeleted: total, olderThanDays: retention.days });
    return total;
  }

  // -- used by lanes --------------------------------------------------------------------------

  /** @internal */
  get settings() {
    return {
      store: this.options.store,
      db: this.options.db,
      batchSize: this.batchSize,
      catchUpBatchSize: this.catchUpBatchSize,
      catchUpTransactionEvents: this.catchUpTransactionEvents,
      lingerMs: this.lingerMs,
      holdBatchMs: this.holdBatchMs,
      logger: this.options.logger,
    };
  }

  /** @internal Runs `work` holding the write lock. */
  withWriteLock<T>(work: () => Promise<T>): Promise<T> {
    return this.writeLock.run('write', work);
  }

  /** @internal A lane committed a batch. */
  progressed(): void {
    const done = this.progress;
    this.progress = signal();
    done.resolve();
  }

  /**
   * @internal A rebuild lane has read to the head. Swaps it in if it is at least as far as the
   * live lane (so what readers see never moves back); otherwise it reads on.
   */
  async trySwap(lane: Lane): Promise<boolean> {
    return this.writeLock.run('write', async () => {
      const entry = this.lanes.get(lane.source.name);
      if (!entry || entry.rebuild !== lane || lane.closed) return false;
      if (this.options.db.generations(lane.source.name).rebuildBulk) {
        // Build the indexes the rebuild deferred; the lane then follows in indexed mode.
        lane.state = 'indexing';
        const started = Date.now();
        await this.options.db.finalizeRebuild(lane.source.name);
        this.options.logger?.log({ msg: 'projection rebuild indexed', projection: lane.source.name, generation: lane.generation, ms: Date.now() - started });
        lane.state = 'catching_up';
      }
      const live = entry.live;
      if (live.checkpoint.position !== null) {
        if (lane.checkpoint.position === null || comparePositions(lane.checkpoint.position, live.checkpoint.position) < 0) return false;
      }
      const generation = this.options.db.completeRebuild(lane.source.name, this.options.now());
      live.close();
      entry.live = lane;
      entry.rebuild = null;
      lane.promote();
      this.options.logger?.log({ msg: 'projection rebuild swapped in', projection: lane.source.name, generation, eventsApplied: lane.checkpoint.eventsApplied });
      // The old lane's subscription ends outside the lock (it may be waiting for events).
      void live.stop();
      // A rebuild starts from zero, so families that retention had dropped are back.
      this.scheduleRetention(0);
      this.progressed();
      return true;
    });
  }

  private async reached(position: GlobalPosition): Promise<boolean> {
    for (const { live } of this.lanes.values()) {
      const at = live.checkpoint.position;
      if (at !== null && comparePositions(at, position) >= 0) continue;
      // Behind `position`: fine only if none of this projection's events lie in between.
      const next = await this.firstPending(live, 1);
      if (next.length > 0 && comparePositions(next[0].position, position) <= 0) return false;
    }
    return true;
  }

  /** Up to `count` events of the lane's slice of the log after its checkpoint. */
  private async firstPending(lane: Lane, count: number): Promise<RecordedEvent[]> {
    const at = lane.checkpoint.position;
    const page = await this.options.store.readAll({ fromPosition: at ?? 'start', maxCount: count + (at ? 1 : 0), filter: lane.source.filter });
    return (at ? page.filter((e) => comparePositions(e.position, at) > 0) : page).slice(0, count);
  }

  private async lagOf(lane: Lane, cap: number): Promise<{ events: number; capped: boolean; seconds: number }> {
    const at = lane.checkpoint.position;
    // The common case (caught up) costs one indexed read of the head.
    const [head] = await this.options.store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1, filter: lane.source.filter });
    if (!head || (at !== null && comparePositions(head.position, at) <= 0)) return { events: 0, capped: false, seconds: 0 };
    const pending = await this.firstPending(lane, cap + 1);
    const oldest = pending[0];
    return {
      events: Math.min(pending.length, cap),
      capped: pending.length > cap,
      seconds: oldest ? Math.max(0, (this.wallClock() - oldest.recordedAt.getTime()) / 1000) : 0,
    };
  }

  private scheduleRetention(delayMs: number): void {
    const retention = this.options.retention;
    if (!retention || this.stopped) return;
    if (this.retentionTimer) clearTimeout(this.retentionTimer);
    this.retentionTimer = setTimeout(() => {
      this.sweeping = this.sweepRetention()
        .catch((error: unknown) => this.options.logger?.error({ msg: 'read-model retention failed', error: messageOf(error) }))
        .then(() => undefined)
        .finally(() => this.scheduleRetention(retention.sweepIntervalMs ?? 3_600_000));
    }, delayMs);
    this.retentionTimer.unref();
  }

  private requireLanes(name: string): { live: Lane; rebuild: Lane | null } {
    const entry = this.lanes.get(name);
    if (!entry) throw new UnknownProjectionError(name);
    return entry;
  }
}

/**
 * One reader of the log feeding one generation of a projection. A rebuild lane becomes the
 * live lane when swapped in; a live lane that was replaced is closed.
 */
class Lane {
  state: LaneState = 'starting';
  checkpoint: Checkpoint;
  closed = false;
  lastError: string | null = null;
  openBatch: { events: number; since: number } | null = null;
  readonly swapped: Promise<void>;
  private resolveSwapped!: () => void;
  private rejectSwapped!: (error: unknown) => void;
  private subscription: Subscription | null = null;
  private running: Promise<void> | null = null;
  private closedSignal = signal();

  constructor(
    private readonly engine: ProjectionEngine,
    readonly source: ProjectionSource,
    readonly generation: number,
    private kind: 'live' | 'rebuild',
  ) {
    this.checkpoint = engine.settings.db.checkpoint(source.name, generation);
    this.swapped = new Promise((resolve, reject) => {
      this.resolveSwapped = resolve;
      this.rejectSwapped = reject;
    });
    // Nobody may be waiting for the swap; that must not be an unhandled anything.
    this.swapped.catch(() => undefined);
  }

  start(): void {
    this.running ??= this.run();
  }

  /** Marks the lane closed: no batch of it commits from now on. */
  close(): void {
    this.closed = true;
    this.closedSignal.resolve();
  }

  /** Closes the lane and waits for its loop to end. */
  async stop(): Promise<void> {
    this.close();
    await this.subscription?.unsubscribe();
    await this.running;
    if (this.state !== 'failed') this.state = 'stopped';
    // A rebuild stopped before its swap resumes at the next start; whoever waits hears now.
    if (this.kind === 'rebuild') this.rejectSwapped(new Error('the rebuild was stopped before its swap; it resumes at the next start'));
  }

  /** Re-reads the stored checkpoint (a rebuild lane, once its tables exist). */
  reloadCheckpoint(): void {
    this.checkpoint = this.engine.settings.db.checkpoint(this.source.name, this.generation);
  }

  /** A rebuild that could not start: closed, and its `swapped` rejects. */
  abort(error: unknown): void {
    this.close();
    this.state = 'failed';
    this.lastError = messageOf(error);
    this.rejectSwapped(error);
  }

  /** Called under the write lock when this rebuild lane was swapped in. */
  promote(): void {
    this.kind = 'live';
    this.resolveSwapped();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      try {
        await this.catchUp();
        if (this.closed) break;
        if (this.kind === 'rebuild' && !(await this.engine.trySwap(this))) {
          // The live lane moved on meanwhile: read what it has seen, then try again.
          await yieldToEventLoop();
          continue;
        }
        await this.follow();
        failures = 0;
      } catch (error) {
        if (this.closed) break;
        failures += 1;
        this.state = 'failed';
        this.lastError = messageOf(error);
        this.engine.settings.logger?.error({ msg: 'projection failed; resuming from its checkpoint', projection: this.source.name, generation: this.generation, error: this.lastError, attempt: failures });
        await Promise.race([delay(Math.min(MAX_BACKOFF_MS, 250 * 2 ** (failures - 1))), this.closedSignal.promise]);
        // What was not committed is gone; the stored checkpoint is the truth.
        if (!this.closed) this.checkpoint = this.engine.settings.db.checkpoint(this.source.name, this.generation);
      }
    }
  }

  /**
   * Reads pages after the checkpoint until a page comes back short (the head, for now). Pages
   * are applied as they are read, several to a transaction (up to `catchUpTransactionEvents`):
   * a commit rewrites every page the batch touched, so fewer, larger commits are what makes a
   * rebuild fast, while memory stays bounded by one page.
   */
  private async catchUp(): Promise<void> {
    const { store, catchUpBatchSize, catchUpTransactionEvents } = this.engine.settings;
    if (this.state !== 'live') this.state = 'catching_up';
    let atHead = false;
    while (!atHead && !this.closed) {
      await this.transaction(async (apply, position) => {
        let applied = 0;
        while (applied < catchUpTransactionEvents && !this.closed) {
          const at = position();
          // `readAll` includes its start: ask for one more and drop the event already applied.
          const page = await store.readAll({ fromPosition: at ?? 'start', maxCount: catchUpBatchSize + (at ? 1 : 0), filter: this.source.filter });
          // `apply` skips what is at or before the checkpoint and counts the rest.
          const fresh = apply(page);
          applied += fresh;
          if (fresh < catchUpBatchSize) {
            atHead = true;
            return;
          }
          // Let requests in between pages: a rebuild must not stall the service.
          await yieldToEventLoop();
        }
      });
    }
  }

  /**
   * Follows the log live from the checkpoint. A batch starts with the first event and takes
   * whatever else arrives within the linger time (or until it is full), then commits.
   */
  private async follow(): Promise<void> {
    const { store, batchSize, lingerMs } = this.engine.settings;
    const subscription = store.subscribeToAll({ fromPosition: this.checkpoint.position ?? 'start', filter: this.source.filter });
    this.subscription = subscription;
    if (this.closed) await subscription.unsubscribe();
    const events = subscription[Symbol.asyncIterator]();
    this.state = 'live';
    let next = events.next();
    let committing: Promise<void> | null = null;
    try {
      while (!this.closed) {
        const first = await next;
        if (first.done) return;
        const batch = new LiveBatch(this.checkpoint, this.engine.settings.db.startWorkerBatch(this.source.name, this.generation));
        batch.add(first.value);
        next = events.next();
        const linger = new Linger(lingerMs);
        try {
          while (batch.received < batchSize) {
            const result = await linger.wait(next);
            if (result === LINGER_ELAPSED || result.done) break;
            batch.add(result.value);
            next = events.next();
          }
        } catch (error) {
          // The subscription failed: what the worker holds of this batch is dropped.
          batch.discard();
          throw error;
        } finally {
          linger.cancel();
        }
        // Batches commit one at a time, in order, and the next one fills meanwhile: the lane
        // keeps reading the log while the worker commits (tens of ms at its priority), so the
        // store's recent events are read, and forgotten, as they come (see LiveBatch).
        if (committing) {
          try {
            await committing;
          } catch (error) {
            batch.discard();
            throw error;
          }
        }
        committing = this.commitLive(batch);
        // Awaited before the next commit or when the lane ends; not unhandled meanwhile.
        committing.catch(() => undefined);
      }
    } finally {
      // A read still pending when the lane closes settles after unsubscribe; nobody awaits it.
      next.catch(() => undefined);
      try {
        // The batch in flight commits before the lane ends (`stop` waits for it).
        await committing;
      } finally {
        await subscription.unsubscribe();
        this.subscription = null;
      }
    }
  }

  /**
   * Commits one live batch. A worker batch (read-model file) is applied and committed by the
   * database's worker thread, which was sent the events as they arrived; otherwise
   * (`:memory:`, or after the worker failed) it is a transaction on this thread.
   */
  private async commitLive(batch: LiveBatch): Promise<void> {
    const worker = batch.worker;
    if (worker === null) {
      await this.transaction(async (apply) => void apply(batch.kept));
      return;
    }
    await this.engine.withWriteLock(async () => {
      const end = batch.end;
      if (this.closed || end === null) {
        worker.discard();
        return;
      }
      const { holdBatchMs } = this.engine.settings;
      if (holdBatchMs > 0) this.openBatch = { events: batch.sent, since: Date.now() };
      let handled: number;
      // The batch before this one may have committed since this one started.
      const after = this.checkpoint;
      try {
        handled = await worker.commit({ after, position: end.position, lastRecordedAt: end.recordedAt, holdMs: holdBatchMs });
      } finally {
        this.openBatch = null;
      }
      this.checkpoint = { position: end.position, eventsApplied: after.eventsApplied + handled, lastRecordedAt: end.recordedAt };
      this.lastError = null;
      this.engine.progressed();
    });
  }

  /**
   * One write transaction, holding the write lock: `body` applies events through `apply`
   * (events at or before the checkpoint are skipped, so a redelivery never applies twice), and
   * the checkpoint of the last one is stored in the same transaction. `position` is where the
   * transaction has got to (the next read starts after it).
   */
  private async transaction(
    body: (apply: (events: readonly RecordedEvent[]) => number, position: () => GlobalPosition | null) => Promise<void>,
  ): Promise<void> {
    const { db, holdBatchMs } = this.engine.settings;
    await this.engine.withWriteLock(async () => {
      if (this.closed) return;
      const tx = db.begin();
      let next = this.checkpoint;
      let applied = 0;
      const apply = (batch: readonly RecordedEvent[]): number => {
        const at = next.position;
        const events = at ? batch.filter((e) => comparePositions(e.position, at) > 0) : batch;
        if (events.length === 0) return 0;
        const handled = tx.apply(this.source.name, this.generation, events);
        const last = events[events.length - 1];
        next = { position: last.position, eventsApplied: next.eventsApplied + handled, lastRecordedAt: last.recordedAt.getTime() };
        applied += events.length;
        return events.length;
      };
      try {
        await body(apply, () => next.position);
        if (applied === 0) {
          tx.rollback();
          return;
        }
        tx.flush();
        if (holdBatchMs > 0) {
          // Rows written, checkpoint not yet: the window a crash test kills the process in.
          this.openBatch = { events: applied, since: Date.now() };
          await delay(holdBatchMs);
        }
        tx.saveCheckpoint(this.source.name, this.generation, next);
        tx.commit();
      } catch (error) {
        tx.rollback();
        throw error;
      } finally {
        this.openBatch = null;
      }
      this.checkpoint = next;
      this.lastError = null;
      this.engine.progressed();
    });
  }
}

/**
 * The events of one live batch, from its first event to its commit. With a worker batch each
 * event's JSON text goes to the read-model worker as it arrives, and the batch keeps only where
 * it ends: the batch lingers up to `lingerMs` (100 ms in the service), and events referenced
 * that long from the event loop were moved to the old generation by the garbage collector.
 * Under load that garbage made major collections come every ~4 s, each a 10-15 ms pause for
 * every request in flight. Without a worker the events are kept for a transaction here.
 */
class LiveBatch {
  /** Events delivered to the batch (the batch is full at `batchSize`). */
  received = 0;
  /** Events after the checkpoint, sent to the worker. */
  sent = 0;
  /** Without a worker: the events after the checkpoint. */
  readonly kept: RecordedEvent[] = [];
  /** Position and `recordedAt` of the last event after the checkpoint. */
  end: { position: GlobalPosition; recordedAt: number } | null = null;

  constructor(
    /** The checkpoint when the batch started: what is at or before it is a redelivery. */
    readonly after: Checkpoint,
    readonly worker: WorkerBatch | null,
  ) {}

  discard(): void {
    this.worker?.discard();
  }

  add(event: RecordedEvent): void {
    this.received += 1;
    // A redelivery of what is already applied (a resubscription) is skipped.
    if (this.after.position !== null && comparePositions(event.position, this.after.position) <= 0) return;
    if (this.worker === null) {
      this.kept.push(event);
      return;
    }
    // The text as stored when the store has it; the EventStoreDB adapter parsed it already.
    this.worker.add(event.type, event.json?.data ?? JSON.stringify(event.data));
    this.sent += 1;
    this.end = { position: event.position, recordedAt: event.recordedAt.getTime() };
  }
}

interface Signal {
  readonly promise: Promise<void>;
  resolve(): void;
}

function signal(): Signal {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function raceWithTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
