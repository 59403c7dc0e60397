import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { AppModule, type AppOverrides } from './app.module';
import type { LedgerConfig } from './config/ledger-config';
import { OAuthExceptionFilter } from './oauth-errors/oauth-exception.filter';

/**
 * Builds the whole service (used by `main.ts`, the e2e suites and the benchmark) so tests run
 * exactly what production runs. Call `listen()` or `init()` on the result.
 */
export async function createTokenLedgerApp(
  config: LedgerConfig,
  overrides: AppOverrides = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimit,
    // Request ids flow into event metadata; honour a caller's X-Request-Id when it is sane.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: false,
  });
  const logger = overrides.logger ?? new ConsoleLogger({ json: true, logLevels: logLevelsFrom(config.logLevel) });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, overrides), adapter, {
    logger,
    bufferLogs: false,
  });
  app.useGlobalFilters(new OAuthExceptionFilter());
  return app;
}

function logLevelsFrom(level: string): ('error' | 'warn' | 'log' | 'debug' | 'verbose' | 'fatal')[] {
  const order = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  const wanted = level === 'info' ? 'log' : level === 'trace' ? 'verbose' : level;
  const index = order.indexOf(wanted as (typeof order)[number]);
  return [...order.slice(0, index < 0 ? 3 : index + 1)];
}
