import { Logger, Module } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { ProjectionRunner } from '@ledger/projections';
import { ReadModelDatabase } from '@ledger/read-model-sqlite';
import { CLOCK, type Clock } from '../shared/clock';
import { FamiliesFinder } from './families-finder';
import { ProjectionRunnerLifecycle } from './projection-runner.lifecycle';

/**
 * The read models (`token_families`, `token_index`, `family_counts` in their own SQLite file)
 * and the runner that keeps them following the event log. Other modules read the database
 * through {@link ReadModelDatabase}, wait on checkpoints through {@link ProjectionRunner}, and
 * find a subject's or a client's families through {@link FamiliesFinder}.
 */
@Module({
  providers: [
    {
      provide: ReadModelDatabase,
      useFactory: (config: LedgerConfig) => ReadModelDatabase.open({ filename: config.readModels.file }),
      inject: [LEDGER_CONFIG],
    },
    {
      provide: ProjectionRunner,
      useFactory: (store: EventStore, config: LedgerConfig, clock: Clock, db: ReadModelDatabase) =>
        new ProjectionRunner({ store, db, readModels: config.readModels, now: () => clock.now(), logger: new Logger('Projections') }),
      inject: [EVENT_STORE, LEDGER_CONFIG, CLOCK, ReadModelDatabase],
    },
    ProjectionRunnerLifecycle,
    FamiliesFinder,
  ],
  exports: [ReadModelDatabase, ProjectionRunner, FamiliesFinder],
})
export class ProjectionsModule {}
