import type { HttpLimitsConfig } from '@ledger/config';
import type { Server } from 'node:http';

/**
 * The Fastify server options that enforce {@link HttpLimitsConfig}'s timeouts with what Node's
 * HTTP server already does, no timers of our own:
 * - `http.headersTimeout` and `requestTimeout`: Node checks each request in progress every
 *   `connectionsCheckingInterval` and answers one past its deadline with a 408 (written in the
 *   OAuth format by `fastify-errors.ts`) before closing the connection;
 * - `connectionTimeout`: the socket's inactivity timeout, a backstop that closes a connection on
 *   which nothing moves at all outside keep-alive;
 * - `keepAliveTimeout`: the idle time allowed between two requests.
 */
export function httpLimitOptions(limits: HttpLimitsConfig) {
  return {
    connectionTimeout: limits.requestTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: limits.timeoutCheckIntervalMs },
  } as const;
}

/**
 * Caps the connections held at once (Node's `server.maxConnections`): the kernel still accepts
 * one more, and Node closes it at once without reading from it, so the open ones are unaffected.
 */
export function capConnections(server: Server, limits: HttpLimitsConfig): void {
  server.maxConnections = limits.maxConnections;
}
