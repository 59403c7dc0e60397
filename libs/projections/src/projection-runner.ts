import type { ReadModelsConfig } from '@ledger/config';
import { TOKEN_FAMILY_CATEGORY } from '@ledger/domain';
import { LEDGER_REMOVALS_STREAM_NAME } from '@ledger/domain/projections';
import type { EventStore, GlobalPosition } from '@ledger/event-sourcing';
import { TOKEN_FAMILIES_PROJECTION, type ReadModelDatabase } from '@ledger/read-model-sqlite';
import { ProjectionEngine, type EngineLogger, type ProjectionStatus, type ProjectionSource } from './projection-engine';

/** The projections the ledger runs, and the streams each one follows. */
export const PROJECTION_SOURCES: readonly ProjectionSource[] = [
  // `ledgerRemovals`: a removal record (retention, erasure) deletes the families it lists.
  { name: TOKEN_FAMILIES_PROJECTION, filter: { streamNamePrefixes: [`${TOKEN_FAMILY_CATEGORY}-`, LEDGER_REMOVALS_STREAM_NAME] } },
];

/** The runner's logger: the engine's, and a warning about test-only settings (Nest's `Logger` fits). */
export interface RunnerLogger extends EngineLogger {
  warn(message: Record<string, unknown>): void;
}

/** Options of {@link ProjectionRunner}. */
export interface ProjectionRunnerOptions {
  readonly store: EventStore;
  /** The read-model database; the runner owns it from here on and closes it in {@link ProjectionRunner.close}. */
  readonly db: ReadModelDatabase;
  readonly readModels: ReadModelsConfig;
  /** The application clock (retention cut-offs). */
  readonly now: () => number;
  readonly logger: RunnerLogger;
}

/**
 * The ledger's projections over one store and one read-model database, with the configured
 * batching and retention: the {@link ProjectionEngine} running {@link PROJECTION_SOURCES}. The
 * service starts it once it has booted (the bootstrap configuration is applied by then) and
 * closes it before the event store closes; the ledger CLI runs one in its own process.
 *
 * Tests and the ops API wait on checkpoints through it (`waitForPosition`,
 * `waitUntilCaughtUp`), never on time.
 */
export class ProjectionRunner {
  private readonly engine: ProjectionEngine;
  private readonly db: ReadModelDatabase;

  constructor({ store, db, readModels, now, logger }: ProjectionRunnerOptions) {
    this.db = db;
    this.engine = new ProjectionEngine({
      store,
      db,
      projections: PROJECTION_SOURCES,
      batchSize: readModels.batchSize,
      lingerMs: readModels.lingerMs,
      holdBatchMs: readModels.batchHoldMs,
      retention: readModels.retentionDays === null ? null : { days: readModels.retentionDays },
      now,
      logger,
    });
    if (readModels.batchHoldMs > 0) {
      logger.warn({ msg: 'LEDGER_PROJECTION_BATCH_HOLD_MS is set: projection batches are held open (test only)', holdMs: readModels.batchHoldMs });
    }
  }

  /** Starts following the log from the stored checkpoints. */
  start(): void {
    this.engine.start();
  }

  /** Before the store closes: stop, then close the read-model file. */
  async close(): Promise<void> {
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
