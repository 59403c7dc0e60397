/**
 * The OAuth error family (RFC 6749 §5.2, RFC 7009, RFC 7662). The public `error` and
 * `errorDescription` go on the wire; `reason` (a stable code such as `idle_expired`) and
 * `detail` go to logs, metrics and tests, never to an HTTP client. (gRPC sends most reasons in
 * its `ErrorInfo`; the ones HTTP hides behind one answer are mapped in `grpc-errors.ts`
 * `publicReason`, which a new hidden reason must join.) Nothing here may hold a token or a
 * secret.
 *
 * @see RFC 6749 §5.2
 */
export abstract class OAuthError extends Error {
  /** The RFC error code, e.g. `invalid_grant`. */
  abstract readonly code: string;
  /** HTTP status on the wire. */
  abstract readonly status: number;

  constructor(
    readonly errorDescription: string,
    /** Stable machine-readable cause, e.g. `reused_outside_leeway`. */
    readonly reason?: string,
    /** Private detail for logs; never sent. */
    readonly detail?: string,
  ) {
    super(errorDescription);
    this.name = new.target.name;
  }
}

/** The request is missing a parameter, repeats one, or is otherwise malformed. */
export class InvalidRequestError extends OAuthError {
  readonly code = 'invalid_request';
  readonly status = 400;
}

/** Client authentication failed (RFC 6749 §5.2): 401 with `WWW-Authenticate`. */
export class InvalidClientError extends OAuthError {
  readonly code = 'invalid_client';
  readonly status = 401;
}

/** The grant (refresh token) is invalid, expired, revoked or belongs to another client. */
export class InvalidGrantError extends OAuthError {
  readonly code = 'invalid_grant';
  readonly status = 400;
}

/**
 * The DPoP proof is missing (for a client or family that needs one), malformed, or fails a
 * check (RFC 9449 §5.2, §7.1; Okta answers the same code, 400).
 */
export class InvalidDpopProofError extends OAuthError {
  readonly code = 'invalid_dpop_proof';
  readonly status = 400;
}

/**
 * The proof must carry the server's current nonce (RFC 9449 §8): 400 with the nonce in the
 * `DPoP-Nonce` header, and the client retries with it.
 */
export class UseDpopNonceError extends OAuthError {
  readonly code = 'use_dpop_nonce';
  readonly status = 400;

  constructor(
    /** The nonce to send back; a public value, not a secret. */
    readonly nonce: string,
  ) {
    super('Authorization server requires nonce in DPoP proof.', 'use_dpop_nonce');
  }
}

/** The authenticated client may not use this grant type. */
export class UnauthorizedClientError extends OAuthError {
  readonly code = 'unauthorized_client';
  readonly status = 400;
}

/** The grant type is not supported by this server. */
export class UnsupportedGrantTypeError extends OAuthError {
  readonly code = 'unsupported_grant_type';
  readonly status = 400;
}

/** RFC 7009 §2.2.1: the server does not revoke this token type. */
export class UnsupportedTokenTypeError extends OAuthError {
  readonly code = 'unsupported_token_type';
  readonly status = 400;
}

/** The requested scope is invalid, unknown, or exceeds the grant. */
export class InvalidScopeError extends OAuthError {
  readonly code = 'invalid_scope';
  readonly status = 400;
}

/** No access-policy rule allows the request (Okta answers `access_denied`). */
export class AccessDeniedError extends OAuthError {
  readonly code = 'access_denied';
  readonly status = 400;
}

/** The caller lacks the admin or service credential. */
export class UnauthorizedError extends OAuthError {
  readonly code = 'unauthorized';
  readonly status = 401;
}

/** The authorization server named in the path does not exist. */
export class NotFoundError extends OAuthError {
  readonly code = 'not_found';
  readonly status = 404;
}

/**
 * The path exists but not for this method (RFC 9110 §15.5.6): 405 with `Allow` naming the
 * methods the path has. Okta answers a wrong method with 405 too.
 */
export class MethodNotAllowedError extends OAuthError {
  readonly code = 'invalid_request';
  readonly status = 405;

  constructor(
    /** The methods the router has for the path, e.g. `['GET', 'HEAD']`. */
    readonly allow: readonly string[],
  ) {
    super('The HTTP method is not supported by this endpoint.', 'method_not_allowed');
  }
}

/** The request body media type is not accepted. */
export class UnsupportedMediaTypeError extends OAuthError {
  readonly code = 'invalid_request';
  readonly status = 415;
}

/** The body exceeds the configured limit. */
export class PayloadTooLargeError extends OAuthError {
  readonly code = 'invalid_request';
  readonly status = 413;
}

/**
 * Where a caller stands in the budget that answered: Okta's `X-Rate-Limit-Limit`,
 * `X-Rate-Limit-Remaining` and `X-Rate-Limit-Reset` (the window's end, UTC epoch seconds).
 */
export interface RateLimitStatus {
  readonly limit: number;
  readonly remaining: number;
  /** The end of the counting window, epoch ms. */
  readonly resetAtMs: number;
}

/**
 * Too many requests, or too many failed credentials, from this client id or address (429).
 * `slow_down` (RFC 8628 §3.5: the client must slow down) rather than `temporarily_unavailable`,
 * which this service answers when it is itself busy (503): the caller can tell "you are too
 * fast" from "we are overloaded". Which budget ran out (`reason`) goes to logs only.
 */
export class TooManyRequestsError extends OAuthError {
  readonly code = 'slow_down';
  readonly status = 429;

  constructor(
    errorDescription: string,
    reason: string,
    readonly rateLimit: RateLimitStatus,
    /** `Retry-After`: whole seconds until the window ends, at least 1. */
    readonly retryAfterSeconds: number,
  ) {
    super(errorDescription, reason);
  }
}

/** Anything headers can be set on: a Fastify reply. */
interface HeaderSink {
  header(name: string, value: string): unknown;
}

/** Writes Okta's three rate-limit headers for `status`. */
export function setRateLimitHeaders(reply: HeaderSink, status: RateLimitStatus): void {
  reply.header('x-rate-limit-limit', String(status.limit));
  reply.header('x-rate-limit-remaining', String(status.remaining));
  reply.header('x-rate-limit-reset', String(Math.ceil(status.resetAtMs / 1000)));
}

/** A 429's headers: `Retry-After` and Okta's three, on both the OAuth and the management answers. */
export function setTooManyRequestsHeaders(reply: HeaderSink, error: TooManyRequestsError): void {
  reply.header('retry-after', String(error.retryAfterSeconds));
  setRateLimitHeaders(reply, error.rateLimit);
}

/** An unexpected failure: the wire says only `server_error` (5xx collapses, as node-oidc-provider). */
export class ServerError extends OAuthError {
  readonly code = 'server_error';
  readonly status = 500;
}

/**
 * Seconds a client is told to wait (`Retry-After`) before retrying a request the service could
 * not serve for now (503). Short: by the time the service answers 503 for an unreachable store
 * it has already retried for the adapter's whole retry budget (8 s by default, longer than a
 * leader election), so the store is most likely back, or about to be, after one more second.
 *
 * @see RFC 9110 §10.2.3
 */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 1;

/**
 * Temporarily unable to serve (store unavailable, concurrency retries exhausted): 503 with
 * `Retry-After` on HTTP, UNAVAILABLE with `retry_after_seconds` on gRPC.
 */
export class TemporarilyUnavailableError extends OAuthError {
  readonly code = 'temporarily_unavailable';
  readonly status = 503;
  readonly retryAfterSeconds = SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS;
}
