import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { LedgerMetrics } from './ledger-metrics';

/**
 * `GET /metrics`: Prometheus exposition format. Unauthenticated, as scrapers expect: it holds
 * route patterns, status codes and reason codes, never an id, a subject or a token. Expose it
 * on the internal network only.
 */
@ApiTags('metrics')
@Controller('metrics')
export class MetricsHttpController {
  constructor(private readonly metrics: LedgerMetrics) {}

  @Get()
  @ApiOperation({ operationId: 'getMetrics', summary: 'Prometheus metrics (text exposition format)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format (version 0.0.4)', content: { 'text/plain': { schema: { type: 'string' } } } })
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await this.metrics.scrape();
    void reply.header('content-type', contentType).header('cache-control', 'no-store');
    return body;
  }
}
