import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LedgerMetrics } from './ledger-metrics';

/**
 * `GET /metrics`: Prometheus exposition format. Unauthenticated, as scrapers expect: it holds
 * route patterns, status codes and reason codes, never an id, a subject or a token. Expose it
 * on the internal network only.
 */
@Controller('metrics')
export class MetricsHttpController {
  constructor(private readonly metrics: LedgerMetrics) {}

  @Get()
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await this.metrics.scrape();
    void reply.header('content-type', contentType).header('cache-control', 'no-store');
    return body;
  }
}
