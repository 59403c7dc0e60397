import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { AppModule, type AppOverrides } from './app.module';
import { assertSharedKeysConfigured, type LedgerConfig } from '@ledger/config';
import { createPinoLogging } from './logging/pino-logging';
import { FASTIFY_ERROR_OPTIONS } from './fastify-errors';
import { HttpExceptionFilter } from './http-exception.filter';
import { OpenApiDocumentSource } from './openapi/openapi-document.source';
import { registerApiReference } from './openapi/api-reference';

/** Longest path parameter the router takes, as sent (percent-encoded); longer is a 400. */
export const MAX_PATH_SEGMENT_BYTES = 3072;
import { capConnections, httpLimitOptions } from './http-limits';
import { saneId } from './shared/request-context';
import { serveConsole } from './console/serve-console';

/** The application root: the service plus its logging (kept apart so AppModule stays about the API). */
@Module({})
class TokenLedgerRootModule {}

/**
 * Builds the whole service (used by `main.ts`, the e2e suites and the benchmark) so tests run
 * exactly what production runs. Call `listen()` or `init()` on the result.
 *
 * Logs are JSON lines from pino (`nestjs-pino`, see `logging/pino-logging.ts`) on stdout, or on
 * `overrides.logDestination` (tests capture them there).
 */
export async function createTokenLedgerApp(
  config: LedgerConfig,
  overrides: AppOverrides = {},
): Promise<NestFastifyApplication> {
  // Before anything opens: replicas on EventStoreDB cannot each generate their own keys.
  assertSharedKeysConfigured(config);
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimit,
    // A path segment may carry any subject issuance accepts (256 UTF-16 units: at most 2,304
    // bytes once UTF-8 is percent-encoded) for the user-token routes; Fastify's default is 100.
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT_BYTES },
    // Header, request and keep-alive deadlines, so a slow or silent client cannot hold a connection.
    ...httpLimitOptions(config.http),
    // Request ids flow into event metadata and log lines; honour a caller's X-Request-Id when it is sane.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      return saneId(req.headers['x-request-id']) ?? randomUUID();
    },
    requestIdHeader: false,
    trustProxy: false,
    // Fastify's and Node's own error answers (bad path encoding, header overflow) in our formats.
    ...FASTIFY_ERROR_OPTIONS,
  });
  capConnections(adapter.getHttpServer(), config.http);
  const logging = createPinoLogging(config.logLevel, overrides.logDestination);
  adapter.getInstance().addHook('onRequest', logging.onRequest).addHook('onResponse', logging.onResponse);
  serveConsole(adapter.getInstance(), config.consoleDir);
  const root: DynamicModule = {
    module: TokenLedgerRootModule,
    imports: [AppModule.forRoot(config, overrides), logging.module],
  };
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    logger: logging.logger,
    bufferLogs: false,
    // A failure while the modules start (an unreachable store, a read-model file another
    // process owns) is thrown to the caller instead of ending the process from inside Nest:
    // main.ts logs it and exits 1, and a test sees the error rather than its worker dying.
    abortOnError: false,
  });
  app.useGlobalFilters(new HttpExceptionFilter());
  // GET /openapi.json describes the application it is part of: built from it on first request.
  app.get(OpenApiDocumentSource).attach(app);
  await registerApiReference(app);
  return app;
}
