import { intVar } from './env-vars';

/**
 * How long the HTTP server waits for a client and how many clients it holds at once (parsed
 * once at start). Without them, a connection that sends nothing, or sends a body at one byte
 * every few seconds, stays open forever, and enough of them exhaust the file descriptors.
 *
 * The defaults are those of the servers an Okta or Ory Hydra user already sits behind: a
 * header deadline like Go's `ReadHeaderTimeout` (Hydra) and nginx's `client_header_timeout`,
 * a whole-request deadline far above what a token request of at most 16 KiB needs, and a
 * keep-alive idle time longer than a load balancer's (AWS ALB: 60 s), so the balancer, not the
 * service, closes an idle pooled connection and never sends a request on one being closed.
 * None of them touches a client that sends its request at network speed, such as the
 * benchmark's 100 keep-alive connections.
 */
export interface HttpLimitsConfig {
  /**
   * A request's line and headers must arrive within this many ms, counted from the connection's
   * start (or from the request's first byte on a kept-alive connection), or it is answered 408
   * and the connection closed (`LEDGER_HTTP_HEADERS_TIMEOUT_MS`, default 10000; Node's
   * `server.headersTimeout`). Stops a connection that sends nothing and one that trickles its
   * headers (slowloris).
   */
  readonly headersTimeoutMs: number;
  /**
   * A whole request, body included, must arrive within this many ms of its first byte, or it is
   * answered 408 and the connection closed (`LEDGER_HTTP_REQUEST_TIMEOUT_MS`, default 30000, at
   * least the headers timeout; Fastify's `requestTimeout`). Stops a body sent a byte at a time.
   * Also the longest a connection may stay silent outside keep-alive (Fastify's
   * `connectionTimeout`, a socket inactivity timeout, closed without an answer).
   */
  readonly requestTimeoutMs: number;
  /**
   * A connection idle between requests is closed after this many ms
   * (`LEDGER_HTTP_KEEP_ALIVE_TIMEOUT_MS`, default 72000, Fastify's own default; sent as
   * `Keep-Alive: timeout=72`). Longer than a load balancer's idle timeout (ALB 60 s) so the
   * balancer closes first; set it above your balancer's if that is longer.
   */
  readonly keepAliveTimeoutMs: number;
  /**
   * Connections held at once; one more is closed as soon as it is accepted, and the open ones
   * are served as before (`LEDGER_HTTP_MAX_CONNECTIONS`, default 10000; Node's
   * `server.maxConnections`). Keep it well under the process's file-descriptor limit
   * (`ulimit -n`), which the event store, the gRPC server and the log also draw on.
   */
  readonly maxConnections: number;
  /**
   * How often Node checks requests against the two deadlines above: a quarter of the headers
   * timeout, at most 1 s (Node's default, 30 s, would let a 10 s deadline run to 40 s). Each
   * check walks the list of requests in progress, a cheap loop at any realistic count.
   */
  readonly timeoutCheckIntervalMs: number;
}

/** Reads the `LEDGER_HTTP_*` limits; invalid values fail the start naming the variable. */
export function loadHttpLimitsConfig(env: NodeJS.ProcessEnv): HttpLimitsConfig {
  const headersTimeoutMs = intVar(env, 'LEDGER_HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000);
  const requestTimeoutMs = intVar(env, 'LEDGER_HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000);
  // Node refuses a headers deadline later than the request's, and it would mean nothing.
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new Error('LEDGER_HTTP_REQUEST_TIMEOUT_MS must be at least LEDGER_HTTP_HEADERS_TIMEOUT_MS');
  }
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: intVar(env, 'LEDGER_HTTP_KEEP_ALIVE_TIMEOUT_MS', 72_000, 100, 3_600_000),
    maxConnections: intVar(env, 'LEDGER_HTTP_MAX_CONNECTIONS', 10_000, 1, 1_000_000),
    timeoutCheckIntervalMs: Math.min(1000, Math.ceil(headersTimeoutMs / 4)),
  };
}
