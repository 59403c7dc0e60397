import { Module } from '@nestjs/common';
import { ReadModelDatabase } from '@ledger/read-model-sqlite';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config';
import { FamiliesFinder } from './families-finder';
import { ProjectionRunner } from './projection-runner';

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
    ProjectionRunner,
    FamiliesFinder,
  ],
  exports: [ReadModelDatabase, ProjectionRunner, FamiliesFinder],
})
export class ProjectionsModule {}
