import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { TOKEN_FAMILY_CATEGORY } from '@ledger/domain';
import { EVENT_STORE, type EventStore, type GlobalPosition } from '@ledger/event-sourcing';
import { ReadModelDatabase, TOKEN_FAMILIES_PROJECTION } from '@ledger/read-model-sqlite';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config';
import { CLOCK, type Clock } from '../shared/clock';
import { ProjectionEngine, type ProjectionStatus, type ProjectionSource } from './projection-engine';

/** The projections this service runs, and the streams each one follows. */
export const PROJECTION_SOURCES: readonly ProjectionSource[] = [
  { name: TOKEN_FAMILIES_PROJECTION, filter: { streamNamePrefixes: [`${TOKEN_FAMILY_CATEGORY}-`] } },
];

/**
 * The service's projection runner: opens nothing itself (the read-model database is a
 * provider), starts the {@link ProjectionEngine} once the application has booted (the
 * bootstrap configuration is applied by then) and stops it before the event store closes.
 *
 * Tests and the ops API wait on checkpoints through it (`waitForPosition`,
 * `waitUntilCaughtUp`), never on time.
 */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projections');
  private readonly engine: ProjectionEngine;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    @Inject(CLOCK) clock: Clock,
    private readonly db: ReadModelDatabase,
  ) {
    const { readModels } = config;
    this.engine = new ProjectionEngine({
      store,
      db,
      projections: PROJECTION_SOURCES,
      batchSize: readModels.batchSize,
      lingerMs: readModels.lingerMs,
      holdBatchMs: readModels.batchHoldMs,
      retention: readModels.retentionDays === null ? null : { days: readModels.retentionDays },
      now: () => clock.now(),
      logger: this.logger,
    });
    if (readModels.batchHoldMs > 0) {
      this.logger.warn({ msg: 'LEDGER_PROJECTION_BATCH_HOLD_MS is set: projection batches are held open (test only)', holdMs: readModels.batchHoldMs });
    }
  }

  onApplicationBootstrap(): void {
    this.engine.start();
  }

  /** Before the store closes (StartupService closes it on shutdown): stop, then close the file. */
  async onModuleDestroy(): Promise<void> {
    await this.engine.stop();
    this.db.close();
  }

  /** Stops following the log (tests of readiness; a restart of the app starts it again). */
  stop(): Promise<void> {
    return this.engine.stop();
  }

  /** @see ProjectionEngine.waitForPosition */
  waitForPosition(position: GlobalPosition, timeoutMs?: number): Promise<void> {
    return this.engine.waitForPosition(position, timeoutMs);
  }

  /** @see ProjectionEngine.waitUntilCaughtUp */
  waitUntilCaughtUp(timeoutMs?: number): Promise<void> {
    return this.engine.waitUntilCaughtUp(timeoutMs);
  }

  /** @see ProjectionEngine.waitForGeneration */
  waitForGeneration(name: string, generation: number, timeoutMs?: number): Promise<void> {
    return this.engine.waitForGeneration(name, generation, timeoutMs);
  }

  /** @see ProjectionEngine.status */
  status(lagCap?: number): Promise<ProjectionStatus[]> {
    return this.engine.status(lagCap);
  }

  /** @see ProjectionEngine.rebuild */
  rebuild(name: string): ReturnType<ProjectionEngine['rebuild']> {
    return this.engine.rebuild(name);
  }

  /** @see ProjectionEngine.projectionOf */
  projectionOf(name: string): string {
    return this.engine.projectionOf(name);
  }

  /** @see ProjectionEngine.sweepRetention */
  sweepRetention(): Promise<number> {
    return this.engine.sweepRetention();
  }
}
