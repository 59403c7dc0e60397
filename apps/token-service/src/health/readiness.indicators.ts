import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config';
import { ProjectionRunner } from '../projections/projection-runner';

/** How long the store may take to answer one read before the service counts as not ready. */
const STORE_READ_TIMEOUT_MS = 2_000;

/**
 * The readiness checks (SPEC §6.4): the event store answers a cheap read (the last event of
 * the log), and every projection is within `LEDGER_READY_MAX_LAG_EVENTS` of the head and not
 * failing.
 */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly runner: ProjectionRunner,
  ) {}

  /** `eventStore`: one backwards read of one event, bounded in time. */
  eventStore(): PromiseLike<HealthIndicatorResult<'eventStore'>> {
    return this.health
      .check('eventStore')
      .attempt(async () => {
        await this.store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
      })
      .withTimeout(STORE_READ_TIMEOUT_MS);
  }

  /** `projections`: each one's lag and state; down when one is too far behind or failing. */
  async projections(): Promise<HealthIndicatorResult<'projections'>> {
    const bound = this.config.readModels.readyMaxLagEvents;
    // Counting stops just past the bound: a lagging projection costs one bounded read.
    const statuses = await this.runner.status(bound + 1);
    const details = Object.fromEntries(
      statuses.map((s) => [s.name, { state: s.state, lagEvents: s.lagEvents, lagSeconds: Math.round(s.lagSeconds * 1000) / 1000 }]),
    );
    const behind = statuses.filter((s) => s.lagEvents > bound || s.state === 'failed' || s.state === 'stopped');
    const session = this.health.check('projections');
    return behind.length === 0
      ? session.up({ maxLagEvents: bound, ...details })
      : session.down({ maxLagEvents: bound, ...details });
  }
}
