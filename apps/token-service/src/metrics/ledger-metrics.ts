import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { OAuthError } from '../oauth-errors/oauth-errors';
import { ProjectionRunner, type ProjectionStatus } from '@ledger/projections';

/** Latency buckets (seconds): a refresh answers in a few ms; the tail is what matters. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Counting a projection's lag stops here; beyond it the gauge says "at least this". */
const LAG_COUNT_CAP = 100_000;
/** One scrape reads the projections' status once for all their gauges. */
const STATUS_TTL_MS = 1_000;

let processRegistry: Registry | undefined;

/**
 * Node's process metrics (CPU, memory, event-loop lag, GC, handles) are process-wide, so they
 * are collected once per process however many applications it runs (e2e suites run several).
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The service's Prometheus metrics, in a registry of its own (plus the process metrics):
 *
 * - `ledger_http_request_duration_seconds{method,route,status_code}`: every HTTP request,
 *   labelled by route pattern (never the URL, which holds ids) and status; its `_count` is the
 *   request count.
 * - `ledger_refresh_outcomes_total{outcome}`: refresh-token grants, `refreshed` or the stable
 *   reason they were refused (`idle_expired`, `reused_outside_leeway`, ...).
 * - `ledger_refresh_token_reuse_detections_total`: refreshes that revoked their family because
 *   a rotated-out token was replayed.
 * - `ledger_projection_lag_events{projection}`, `ledger_projection_lag_seconds{projection}`,
 *   `ledger_projection_events_applied{projection}`: read at scrape time from the runner.
 */
@Injectable()
export class LedgerMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly refreshOutcomes: Counter<'outcome'>;
  readonly reuseDetections: Counter;
  private statusCache: { at: number; statuses: Promise<ProjectionStatus[]> } | undefined;
  /** Labeled children of `refreshOutcomes`, made once each (no label hashing per refresh). */
  private readonly outcomeCounters = new Map<string, Counter.Internal>();

  constructor(private readonly runner: ProjectionRunner) {
    const registers = [this.registry];
    this.httpDuration = new Histogram({
      name: 'ledger_http_request_duration_seconds',
      help: 'HTTP requests by route pattern and status code, and how long they took (from the request to the end of the answer).',
      labelNames: ['method', 'route', 'status_code'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.refreshOutcomes = new Counter({
      name: 'ledger_refresh_outcomes_total',
      help: 'Refresh-token grant requests by outcome: refreshed, or the reason code they were refused with.',
      labelNames: ['outcome'],
      registers,
    });
    this.reuseDetections = new Counter({
      name: 'ledger_refresh_token_reuse_detections_total',
      help: 'Refreshes that presented a rotated-out refresh token outside the leeway and so revoked the family.',
      registers,
    });
    const statuses = () => this.projectionStatuses();
    new Gauge({
      name: 'ledger_projection_lag_events',
      help: `Events of the projection's streams not applied yet (counting stops at ${LAG_COUNT_CAP}).`,
      labelNames: ['projection'],
      registers,
      async collect() {
        for (const s of await statuses()) this.set({ projection: s.name }, s.lagEvents);
      },
    });
    new Gauge({
      name: 'ledger_projection_lag_seconds',
      help: 'Age of the oldest event the projection has not applied yet (0 when caught up).',
      labelNames: ['projection'],
      registers,
      async collect() {
        for (const s of await statuses()) this.set({ projection: s.name }, s.lagSeconds);
      },
    });
    new Gauge({
      name: 'ledger_projection_events_applied',
      help: 'Events the projection has applied to the generation it serves (restarts from 0 with a rebuild).',
      labelNames: ['projection'],
      registers,
      async collect() {
        for (const s of await statuses()) this.set({ projection: s.name }, s.eventsApplied);
      },
    });
  }

  /** The exposition text of every metric, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    const merged = Registry.merge([processMetrics(), this.registry]);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }

  /**
   * One refresh-token grant answered, over HTTP or gRPC: `refreshed`, or the reason (else the
   * RFC code) it was refused with. Reuse outside the leeway also counts as a reuse detection.
   */
  refreshAnswered(outcome: string): void {
    let counter = this.outcomeCounters.get(outcome);
    if (!counter) {
      counter = this.refreshOutcomes.labels(outcome);
      this.outcomeCounters.set(outcome, counter);
    }
    counter.inc();
    if (outcome === REUSE_OUTCOME) this.reuseDetections.inc();
  }

  private projectionStatuses(): Promise<ProjectionStatus[]> {
    const now = Date.now();
    if (!this.statusCache || now - this.statusCache.at > STATUS_TTL_MS) {
      this.statusCache = { at: now, statuses: this.runner.status(LAG_COUNT_CAP) };
    }
    return this.statusCache.statuses;
  }
}

/** The refresh outcome that is a reuse of a rotated-out token (the family was revoked). */
const REUSE_OUTCOME = 'reused_outside_leeway';

/** The outcome label of a refused refresh: the error's reason, else its RFC code. */
export function refusedRefreshOutcome(error: OAuthError): string {
  return error.reason ?? error.code;
}
