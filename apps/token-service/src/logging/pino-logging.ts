import { type DynamicModule, type LoggerService } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Logger, LoggerModule, PinoLogger, type Params } from 'nestjs-pino';
import { storage } from 'nestjs-pino/storage';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Level, type Logger as Pino } from 'pino';
import { pinoHttp, type Options as PinoHttpOptions } from 'pino-http';
import { correlationIdFrom } from '../shared/request-context';

/** A Fastify request hook. */
export type FastifyHook = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;

/** Where a line is written: stdout in production, a capture in tests. */
export type LogDestination = DestinationStream;

/** What the service logs with. */
export interface PinoLogging {
  /** The application logger (Nest's `LoggerService`): nestjs-pino's `Logger` over this app's pino. */
  readonly logger: LoggerService;
  /** nestjs-pino's module, so `PinoLogger` / `Logger` can be injected; it mounts no middleware. */
  readonly module: DynamicModule;
  /** Fastify `onRequest` hook: starts pino-http's request log for the request. */
  readonly onRequest: FastifyHook;
  /** Fastify `onResponse` hook: the line of a refused or failed hot-path request (see below). */
  readonly onResponse: FastifyHook;
}

/**
 * Header and field paths censored in every line. The request serializer writes no headers at
 * all, so these only matter if someone logs a request or headers by hand: defence in depth for
 * the one rule that must never break (SPEC §3: no token or secret in a log line).
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'password',
  'client_secret',
  'refresh_token',
  'access_token',
  'id_token',
  'token',
];

/**
 * OAuth endpoints that serve the refresh/introspection hot paths (and discovery, polled, at
 * Okta's path and at RFC 8414 §3's).
 */
const HOT_PATH = /^\/(?:oauth2\/[^/?]+\/(?:v1\/(?:token|introspect|revoke|keys)|\.well-known\/)|\.well-known\/oauth-authorization-server\/oauth2\/[^/?]+(?:\?|$))/;

/**
 * Structured JSON logs with pino (SPEC §10): nestjs-pino's `Logger` is the Nest logger, and
 * pino-http writes one line per request.
 *
 * - Request lines carry `requestId` and `correlationId`, the very values the request's events
 *   get in their metadata (`app.factory.ts` makes the request id, {@link correlationIdFrom} the
 *   correlation id), so a log line and an event are joined by a plain equality.
 * - A request is logged once, when it completes: method, path (never the query string, which
 *   may hold `?token=`, and never a subject: {@link redactSubjectPath}), status and time. Never headers, never a body, so no credential, token
 *   or secret can reach a line; `authorization` and friends are redacted all the same.
 * - Cheap on the hot path: successful requests to the OAuth endpoints (token, introspect,
 *   revoke, keys, discovery) are logged only at `debug`. When `debug` is off those requests
 *   skip pino-http altogether (no per-request logger, no listeners): an `onResponse` hook
 *   writes the same line only when one was refused or failed. Refused requests (4xx) are
 *   logged at `info`, failures (5xx) at `error`, on every route.
 *
 * Why a Fastify hook and not nestjs-pino's middleware: that middleware runs every request inside
 * an `AsyncLocalStorage` (to bind the request logger to `PinoLogger`), and on Node 20 an active
 * `AsyncLocalStorage` adds a hook to every promise in the process: measured at 13–18% fewer
 * refreshes per second with `npm run bench -- refresh`, even with the token endpoint excluded
 * (one admin request turns it on for good). pino-http from an `onRequest` hook touches no
 * promise and costs about 4 µs a request (measured alone), which the hot path does not even pay
 * (above). The price: a line logged through Nest's `Logger` during a
 * request does not get the request's ids by itself, so such lines name `requestId` explicitly
 * (as the exception filter does); `request.raw.log` is the request-bound pino child.
 *
 * One root logger per application, not nestjs-pino's process-wide one: several ledgers in one
 * process (tests, replicas) each keep their own destination.
 *
 * @param level `LOG_LEVEL`: `error`, `warn`, `info` (default), `debug` or `trace`.
 * @param destination where lines go; stdout when omitted.
 */
export function createPinoLogging(level: string, destination?: LogDestination): PinoLogging {
  const root = pino(
    {
      level: pinoLevelOf(level),
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { req: requestSerializer, res: responseSerializer, err: pino.stdSerializers.err },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
  const hotSuccessLevel: Level | 'silent' = root.isLevelEnabled('debug') ? 'debug' : 'silent';
  const options: PinoHttpOptions<IncomingMessage, ServerResponse> = {
    logger: root,
    // The id Fastify made (a sane X-Request-Id or a UUID), copied onto the raw request by the hook.
    genReqId: (req) => (req as RawRequest).id ?? '',
    wrapSerializers: false,
    customAttributeKeys: { responseTime: 'responseTimeMs' },
    customProps: (req) => {
      const requestId = String(req.id);
      return { requestId, correlationId: correlationIdFrom(req.headers, requestId) };
    },
    customLogLevel: (req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'info';
      return HOT_PATH.test(req.url ?? '') ? hotSuccessLevel : 'info';
    },
  };
  const requestLogger = pinoHttp(options);
  // Without debug, a successful hot-path request writes nothing: it needs no request logger.
  const leanHotPath = hotSuccessLevel === 'silent';
  const onRequest: FastifyHook = (request, reply, done) => {
    if (leanHotPath && HOT_PATH.test(request.url)) return done();
    (request.raw as RawRequest).id = request.id;
    requestLogger(request.raw, reply.raw);
    done();
  };
  const onResponse: FastifyHook = (request, reply, done) => {
    const status = reply.statusCode;
    if (leanHotPath && status >= 400 && HOT_PATH.test(request.url)) {
      // The very line pino-http writes for the other routes.
      const requestId = String(request.id);
      root[status >= 500 ? 'error' : 'info'](
        {
          req: request.raw,
          requestId,
          correlationId: correlationIdFrom(request.headers, requestId),
          res: reply.raw,
          responseTimeMs: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    }
    done();
  };
  // `forRoutes: []`: nestjs-pino mounts no middleware (see above); its module still provides
  // `PinoLogger` and `Logger` for injection.
  const params: Params = { pinoHttp: { logger: root }, forRoutes: [] };
  return {
    onRequest,
    onResponse,
    logger: new Logger(new AppPinoLogger(params, root), params),
    module: LoggerModule.forRoot(params),
  };
}

/** The raw request with the id the hook copies onto it. */
type RawRequest = IncomingMessage & { id?: string };

/**
 * nestjs-pino's `PinoLogger` keeps its out-of-request logger in a module variable, set by the
 * first application of the process; this one answers with its own application's root (and, as
 * nestjs-pino does, with a request logger bound in its storage, should anything bind one).
 */
class AppPinoLogger extends PinoLogger {
  constructor(
    params: Params,
    private readonly root: Pino,
  ) {
    super(params);
  }

  override get logger(): Pino {
    return storage.getStore()?.logger ?? this.root;
  }
}

/** Method and path only: the query string may carry a token (`GET …/why?token=`). */
function requestSerializer(req: IncomingMessage): { method: string | undefined; path: string } {
  const url = req.url ?? '';
  const query = url.indexOf('?');
  return { method: req.method, path: redactSubjectPath(query < 0 ? url : url.slice(0, query)) };
}

/**
 * The path segments that name a person: the subject of `/api/v1/subjects/{sub}` (erasure),
 * `/api/v1/audit/subjects/{sub}/…` and Okta's `/api/v1/users/{userId}/…`. A subject is personal
 * data and may be erased, and log lines are shipped where no erasure reaches: it never enters one.
 */
const SUBJECT_PATH = /^(\/api\/v1\/(?:audit\/)?(?:subjects|users)\/)[^/]*/i;

/** The path with its subject segment replaced by `{sub}` (the route's pattern). */
export function redactSubjectPath(path: string): string {
  return path.replace(SUBJECT_PATH, '$1{sub}');
}

function responseSerializer(res: ServerResponse): { statusCode: number } {
  return { statusCode: res.statusCode };
}

/** `LOG_LEVEL` as a pino level; Nest's names (`log`, `verbose`) are accepted too. */
function pinoLevelOf(level: string): Level {
  const wanted = level.toLowerCase();
  if (wanted === 'log') return 'info';
  if (wanted === 'verbose') return 'trace';
  return (['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const).find((l) => l === wanted) ?? 'info';
}
