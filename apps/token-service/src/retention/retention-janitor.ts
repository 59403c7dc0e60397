import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { removeStreamsRecorded } from '@ledger/audit';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { tokenFamilyStreamName } from '@ledger/domain';
import { foldDocuments, tokenFamiliesProjection, type TokenFamilyDocument } from '@ledger/domain/projections';
import { comparePositions, EVENT_STORE, type EventStore, type GlobalPosition } from '@ledger/event-sourcing';
import { ProjectionRunner, ProjectionWaitTimeoutError } from '@ledger/projections';
import { ReadModelDatabase } from '@ledger/read-model-sqlite';
import { CLOCK, type Clock } from '../shared/clock';
import { planUsedOnce, USED_ONCE_STREAM_PREFIXES } from './used-once-streams';

const DAY_MS = 86_400_000;
/** Who the removal records name as having asked. */
export const RETENTION_REQUESTER = 'system:retention';
/** Streams one removal covers (one record for used-once streams; a few for families). */
const FAMILIES_PER_REMOVAL = 100;
const USED_ONCE_PER_REMOVAL = 500;
/** Streams of each kind one run removes at most; the rest wait for the next run. */
const MAX_STREAMS_PER_RUN = 10_000;
/** Used-once records read per page. */
const PAGE_SIZE = 500;
/** How long a run waits for the read models to reach the log's head before it queries them. */
const CATCH_UP_WAIT_MS = 10_000;

/** What one run removed. */
export interface RetentionRunReport {
  readonly familiesRemoved: number;
  readonly usedOnceStreamsRemoved: number;
  readonly eventsRemoved: number;
}

const NOTHING: RetentionRunReport = { familiesRemoved: 0, usedOnceStreamsRemoved: 0, eventsRemoved: 0 };

/**
 * The event log's retention (`LEDGER_RETENTION_DAYS`): on a timer, removes the token families
 * that ended longer ago than the retention, and the used-once streams (private_key_jwt
 * assertion ids, DPoP proof ids) whose expiry passed longer ago, each batch with a removal
 * record first (`removeStreamsRecorded`), so `verify`, the seals and the proofs of the events
 * that remain stay valid. On the embedded store the rows are deleted; on EventStoreDB the
 * streams are truncated (`$tb`) and a scavenge reclaims the disk (docs/operations.md).
 *
 * Ended families come from the `token_families` read model (revoked, or expired: see
 * `familiesEndedBefore`), each confirmed against its own stream before it goes, so a read model
 * that lags cannot have a family removed that a later event kept alive. Used-once streams are
 * found by reading the log from a cursor kept in memory (one filtered pass from the start after
 * each restart, then only what was appended since, see `planUsedOnce`). Every replica runs it;
 * two removing the same streams record them twice (identical entries, which verification
 * accepts) and the second removal finds nothing left.
 */
@Injectable()
export class RetentionJanitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Retention');
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<RetentionRunReport> | undefined;
  private stopped = false;
  /** The used-once records before it (exclusive) are all handled. */
  private usedOnceCursor: GlobalPosition | 'start' = 'start';

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModelDatabase,
    private readonly projections: ProjectionRunner,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.retention.days === null) return;
    if (!this.store.removeStreams) {
      this.logger.warn({ msg: 'LEDGER_RETENTION_DAYS is set but this event store cannot remove streams; retention is off' });
      return;
    }
    this.schedule(this.config.retention.firstRunMs);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current?.catch(() => undefined);
  }

  /** Runs now (or joins the run in progress); resolves with what it removed. */
  runOnce(): Promise<RetentionRunReport> {
    this.current ??= this.run().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runOnce()
        .catch((error: unknown) =>
          this.logger.error({ msg: 'ledger retention failed', error: error instanceof Error ? error.message : String(error) }),
        )
        .finally(() => this.schedule(this.config.retention.intervalMs));
    }, delayMs);
    this.timer.unref();
  }

  private async run(): Promise<RetentionRunReport> {
    const days = this.config.retention.days;
    if (days === null || this.stopped) return NOTHING;
    const now = this.clock.now();
    const retentionMs = days * DAY_MS;
    const families = await this.removeEndedFamilies(now, now - retentionMs);
    const usedOnce = await this.removeUsedOnce(now, retentionMs);
    const report = {
      familiesRemoved: families.streams,
      usedOnceStreamsRemoved: usedOnce.streams,
      eventsRemoved: families.events + usedOnce.events,
    };
    if (report.eventsRemoved > 0) this.logger.log({ msg: 'ledger retention', ...report, olderThanDays: days });
    return report;
  }

  private async removeEndedFamilies(now: number, cutoff: number): Promise<{ streams: number; events: number }> {
    // What the read model has not applied yet is found by a later run; waiting first only makes
    // this run find what the log held when it started.
    try {
      await this.projections.waitUntilCaughtUp(CATCH_UP_WAIT_MS);
    } catch (error) {
      if (!(error instanceof ProjectionWaitTimeoutError)) throw error;
    }
    const ids = this.readModels.tokenFamilies.familiesEndedBefore(cutoff, MAX_STREAMS_PER_RUN);
    let streams = 0;
    let events = 0;
    for (let start = 0; start < ids.length && !this.stopped; start += FAMILIES_PER_REMOVAL) {
      const confirmed: string[] = [];
      for (const familyId of ids.slice(start, start + FAMILIES_PER_REMOVAL)) {
        const streamName = tokenFamilyStreamName(familyId);
        if (await this.endedBefore(streamName, familyId, cutoff)) confirmed.push(streamName);
      }
      if (confirmed.length === 0) continue;
      const outcome = await removeStreamsRecorded(this.store, { streams: confirmed, reason: 'retention', requestedBy: RETENTION_REQUESTER, now: new Date(now) });
      streams += outcome.streams.length;
      events += outcome.events;
    }
    return { streams, events };
  }

  /**
   * Whether the family, folded from its own stream, ended before `cutoff`: revoked then, or
   * (never revoked) expired then. A family already removed (an empty stream) is not.
   */
  private async endedBefore(streamName: string, familyId: string, cutoff: number): Promise<boolean> {
    const events = await this.store.readStream(streamName);
    const family: TokenFamilyDocument | undefined = foldDocuments(tokenFamiliesProjection, events).get(familyId);
    if (!family) return false;
    return (family.revokedAt ?? family.expiresAt) < cutoff;
  }

  private async removeUsedOnce(now: number, retentionMs: number): Promise<{ streams: number; events: number }> {
    const dpopMaxAgeMs = (this.config.dpop.proofMaxAgeSeconds + this.config.dpop.clockToleranceSeconds) * 1000;
    const filter = { streamNamePrefixes: [...USED_ONCE_STREAM_PREFIXES] };
    let from = this.usedOnceCursor;
    let unbroken = true;
    let streams = 0;
    let events = 0;
    while (!this.stopped && streams < MAX_STREAMS_PER_RUN) {
      const after = from;
      const page = await this.store.readAll({ fromPosition: after, maxCount: PAGE_SIZE, filter });
      // `readAll` is inclusive of its start: the record at the cursor was handled already.
      const fresh = after === 'start' ? page : page.filter((event) => comparePositions(event.position, after) > 0);
      if (fresh.length === 0) break;
      const plan = planUsedOnce(fresh, now, retentionMs, dpopMaxAgeMs);
      for (let start = 0; start < plan.due.length; start += USED_ONCE_PER_REMOVAL) {
        const batch = plan.due.slice(start, start + USED_ONCE_PER_REMOVAL);
        const outcome = await removeStreamsRecorded(this.store, { streams: batch, reason: 'retention', requestedBy: RETENTION_REQUESTER, now: new Date(now) });
        streams += outcome.streams.length;
        events += outcome.events;
      }
      if (unbroken && plan.handledUpTo) this.usedOnceCursor = plan.handledUpTo;
      if (!plan.handledUpTo || comparePositions(plan.handledUpTo, fresh[fresh.length - 1].position) !== 0) unbroken = false;
      if (plan.done) break;
      from = fresh[fresh.length - 1].position;
    }
    return { streams, events };
  }
}
