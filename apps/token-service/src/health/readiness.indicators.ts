import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { ProjectionRunner } from '@ledger/projections';
import { ConfigurationRegistry } from '../configuration/configuration.registry';
import { LedgerIntegrity } from '../integrity/ledger-integrity';

/** How long the store may take to answer one read before the service counts as not ready. */
const STORE_READ_TIMEOUT_MS = 2_000;

/**
 * The readiness checks (SPEC §6.4): the event store answers a cheap read (the last event of
 * the log), and every projection is caught up (its oldest event not applied yet is at most
 * `LEDGER_READY_MAX_LAG_SECONDS` old, and, when `LEDGER_READY_MAX_LAG_EVENTS` is set, at most
 * that many events are pending) and not failing.
 */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly runner: ProjectionRunner,
    private readonly registry: ConfigurationRegistry,
    private readonly integrity: LedgerIntegrity,
  ) {}

  /**
   * `configuration`: how long ago the configuration registry was verified against the head of
   * the log, and up to where it has read it. Down when that is more than the freshness bound
   * plus a margin (the bound again, at least a second): the periodic checks, a few per bound,
   * have failed for that long, so every decision that needs the configuration waits and fails.
   */
  configuration(): HealthIndicatorResult<'configuration'> {
    const lag = this.registry.lag();
    const limitMs = lag.maxStalenessMs + Math.max(lag.maxStalenessMs, READINESS_MARGIN_MIN_MS);
    const session = this.health.check('configuration');
    const details = { ...lag, readyMaxLagMs: limitMs };
    return lag.verifiedAgoMs !== null && lag.verifiedAgoMs <= limitMs ? session.up(details) : session.down(details);
  }

  /**
   * `ledgerIntegrity`: whether the log verified against its seals at the last check (at start
   * and every `LEDGER_INTEGRITY_CHECK_INTERVAL_MS`). Down, with what broke, when it did not: the
   * instance then refuses token and management writes, so it must leave the load balancer.
   */
  ledgerIntegrity(): HealthIndicatorResult<'ledgerIntegrity'> {
    const { intact, checkedAt, failure } = this.integrity.status();
    const session = this.health.check('ledgerIntegrity');
    const checked = { checkedAt: checkedAt === null ? null : new Date(checkedAt).toISOString() };
    return intact ? session.up(checked) : session.down({ ...checked, failed: failure?.failed, ...failure?.details });
  }

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
    const { readyMaxLagSeconds: maxLagSeconds, readyMaxLagEvents: maxLagEvents } = this.config.readModels;
    // Counting stops just past the bound in events (or at a few when there is none): a lagging
    // projection costs one bounded read, and its oldest pending event gives the lag in seconds.
    let statuses: Awaited<ReturnType<ProjectionRunner['status']>>;
    try {
      statuses = await this.runner.status((maxLagEvents ?? COUNT_WITHOUT_BOUND) + 1);
    } catch (error) {
      // Measuring the lag reads the store: when that fails the projections are down, and the
      // other checks (the store's, the configuration's) are still reported beside them.
      return this.health.check('projections').down({ maxLagSeconds, maxLagEvents, error: error instanceof Error ? error.message : String(error) });
    }
    const details = Object.fromEntries(
      statuses.map((s) => [
        s.name,
        { state: s.state, lagEvents: s.lagEvents, lagEventsCapped: s.lagEventsCapped, lagSeconds: Math.round(s.lagSeconds * 1000) / 1000 },
      ]),
    );
    const behind = statuses.filter(
      (s) =>
        s.lagSeconds > maxLagSeconds ||
        (maxLagEvents !== null && s.lagEvents > maxLagEvents) ||
        s.state === 'failed' ||
        s.state === 'stopped',
    );
    const session = this.health.check('projections');
    const bounds = { maxLagSeconds, maxLagEvents };
    return behind.length === 0 ? session.up({ ...bounds, ...details }) : session.down({ ...bounds, ...details });
  }
}

/** Least margin over the configuration freshness bound before readiness fails. */
const READINESS_MARGIN_MIN_MS = 1_000;

/** Events counted for the report when no bound in events is set. */
const COUNT_WITHOUT_BOUND = 100;
