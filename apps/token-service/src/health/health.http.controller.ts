import { Controller, Get, Header, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ReadinessIndicators } from './readiness.indicators';
import { HealthCheckDto } from './health.schemas';

/**
 * `GET /health/live` (the process answers) and `GET /health/ready` (it can serve: store
 * reachable, projections caught up, configuration verified recently, the log verified against its seals), Terminus-shaped, unauthenticated for orchestrators.
 * A failed readiness answers 503 with the same body, so a probe and a human read one thing.
 */
@ApiTags('health')
@Controller('health')
export class HealthHttpController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: ReadinessIndicators,
  ) {}

  @Get('live')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: HealthCheckDto })
  live(): HealthCheckResult {
    return { status: 'ok', info: {}, error: {}, details: {} };
  }

  @Get('ready')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'getReadiness', summary: 'Readiness: store reachable, projections caught up, configuration and ledger verified' })
  @ApiOkResponse({ type: HealthCheckDto, description: 'Ready' })
  @ApiServiceUnavailableResponse({ type: HealthCheckDto, description: 'Not ready: the indicators that are down are in `error`' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    try {
      return await this.health.check([
        () => this.indicators.eventStore(),
        () => this.indicators.projections(),
        () => this.indicators.configuration(),
        () => this.indicators.ledgerIntegrity(),
      ]);
    } catch (error) {
      // Terminus signals "not ready" by throwing; answered here so the OAuth error filter
      // does not turn it into a server_error.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return error.getResponse();
    }
  }
}
