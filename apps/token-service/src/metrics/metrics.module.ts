import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { HttpMetricsHook } from './http-metrics.hook';
import { LedgerMetrics } from './ledger-metrics';
import { MetricsHttpController } from './metrics.http.controller';

/** Prometheus metrics (`GET /metrics`): process, HTTP, refresh outcomes, projection lag. */
@Module({
  imports: [ProjectionsModule],
  controllers: [MetricsHttpController],
  providers: [LedgerMetrics, HttpMetricsHook],
  exports: [LedgerMetrics],
})
export class MetricsModule {}
