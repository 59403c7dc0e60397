import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ProjectionsModule } from '../projections/projections.module';
import { HealthHttpController } from './health.http.controller';
import { ReadinessIndicators } from './readiness.indicators';

/** Liveness and readiness probes (`/health/live`, `/health/ready`) on `@nestjs/terminus`. */
@Module({
  // Terminus logs a failed check as an error; a lagging projection is a state, reported in the body.
  imports: [TerminusModule.forRoot({ logger: false }), ProjectionsModule],
  controllers: [HealthHttpController],
  providers: [ReadinessIndicators],
})
export class HealthModule {}
