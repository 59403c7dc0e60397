import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { RetentionJanitor } from './retention-janitor';

/** The event log's retention (`LEDGER_RETENTION_DAYS`): the {@link RetentionJanitor} and its timer. */
@Module({
  imports: [ProjectionsModule],
  providers: [RetentionJanitor],
  exports: [RetentionJanitor],
})
export class RetentionModule {}
