import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import { ApiValidationError, ManagementError, ResourceNotFoundError, ServiceUnavailableError } from '../management-errors/management-errors';
import { toManagementError } from '../management-errors/to-management-error';
import { OAuthError, TemporarilyUnavailableError, TooManyRequestsError } from '../oauth-errors/oauth-errors';
import { toOAuthError } from '../oauth-errors/oauth-exception.filter';
import { encodeStatusDetails, ERROR_DOMAIN, STATUS_DETAILS_KEY, type ErrorInfo } from './status-details';

/**
 * A valid credential of a role the RPC does not accept (a client on the ops service, the admin
 * on the audit service): PERMISSION_DENIED, where a missing or unknown credential is
 * UNAUTHENTICATED. HTTP has no such case (its guards answer 401 to any credential they do not
 * accept), so the class lives with the gRPC transport.
 */
export class PermissionDeniedError extends OAuthError {
  readonly code = 'permission_denied';
  readonly status = 403;
}

/**
 * The gRPC status of each OAuth error code. The OAuth code, not the cause, decides, so a client
 * can branch on the status and read the precise cause from `ErrorInfo`:
 * - the request itself is wrong (malformed, missing or invalid field, unknown or disallowed
 *   scope): INVALID_ARGUMENT;
 * - the request is well-formed but the state of the grant or of the client's registration
 *   refuses it (expired, revoked, reused or foreign refresh token; a grant the client is not
 *   registered for): FAILED_PRECONDITION;
 * - no or an unknown credential: UNAUTHENTICATED; a valid credential that may not do this
 *   (another role, or no access-policy rule allows the request): PERMISSION_DENIED.
 */
const STATUS_OF_OAUTH_CODE: Readonly<Record<string, GrpcStatus>> = {
  invalid_request: GrpcStatus.INVALID_ARGUMENT,
  unsupported_grant_type: GrpcStatus.INVALID_ARGUMENT,
  unsupported_token_type: GrpcStatus.INVALID_ARGUMENT,
  invalid_scope: GrpcStatus.INVALID_ARGUMENT,
  invalid_grant: GrpcStatus.FAILED_PRECONDITION,
  invalid_dpop_proof: GrpcStatus.FAILED_PRECONDITION,
  unauthorized_client: GrpcStatus.FAILED_PRECONDITION,
  invalid_client: GrpcStatus.UNAUTHENTICATED,
  unauthorized: GrpcStatus.UNAUTHENTICATED,
  permission_denied: GrpcStatus.PERMISSION_DENIED,
  access_denied: GrpcStatus.PERMISSION_DENIED,
  not_found: GrpcStatus.NOT_FOUND,
  temporarily_unavailable: GrpcStatus.UNAVAILABLE,
  slow_down: GrpcStatus.RESOURCE_EXHAUSTED,
};

/** Management errors (the audit and ops queries raise them) by HTTP status: gRPC status and OAuth-style code. */
const STATUS_OF_MANAGEMENT_HTTP_STATUS: Readonly<Record<number, readonly [GrpcStatus, string]>> = {
  400: [GrpcStatus.INVALID_ARGUMENT, 'invalid_request'],
  401: [GrpcStatus.UNAUTHENTICATED, 'unauthorized'],
  404: [GrpcStatus.NOT_FOUND, 'not_found'],
  409: [GrpcStatus.ALREADY_EXISTS, 'conflict'],
  412: [GrpcStatus.FAILED_PRECONDITION, 'precondition_failed'],
  413: [GrpcStatus.RESOURCE_EXHAUSTED, 'invalid_request'],
  429: [GrpcStatus.RESOURCE_EXHAUSTED, 'slow_down'],
  503: [GrpcStatus.UNAVAILABLE, 'temporarily_unavailable'],
};

/**
 * Reason codes the HTTP API deliberately hides behind one answer stay hidden on gRPC: a failed
 * client authentication never says whether the client id exists, and a refresh token of another
 * client or another authorization server reads as unknown (as revocation and introspection
 * treat it), so neither is an oracle. Logs keep the precise reason.
 */
function publicReason(error: OAuthError): string {
  if (error.code === 'invalid_client') return 'client_authentication_failed';
  // Which budget ran out (the client id's or the address's) would tell whether a client id exists.
  if (error instanceof TooManyRequestsError) return 'rate_limited';
  if (error.reason === 'client_mismatch' || error.reason === 'wrong_authorization_server') return 'unknown_token';
  return error.reason ?? error.code;
}

/** What a failed call answers, and what the log says about it. */
export interface GrpcFailure {
  readonly code: GrpcStatus;
  /** The status message: the public description; never a secret, a token or a submitted value. */
  readonly message: string;
  /** `null` for INTERNAL: an unexpected failure says nothing. */
  readonly errorInfo: ErrorInfo | null;
  /** For the log line: the OAuth code, the private reason and detail. */
  readonly log: { readonly error: string; readonly reason?: string; readonly detail?: string };
}

/** An unexpected failure: INTERNAL, a fixed message, no details (the log has the stack). */
const INTERNAL: GrpcFailure = { code: GrpcStatus.INTERNAL, message: 'Internal error.', errorInfo: null, log: { error: 'server_error' } };

/**
 * Translates anything a gRPC handler throws into the status it answers, with the same
 * translation of framework and store errors as the HTTP side (`toOAuthError`,
 * `toManagementError`): a busy store is UNAVAILABLE on both, an unknown error INTERNAL.
 */
export function grpcFailureOf(exception: unknown): GrpcFailure {
  const management = exception instanceof OAuthError ? null : toManagementError(exception);
  if (management) return managementFailure(management);
  const error = toOAuthError(exception);
  const code = STATUS_OF_OAUTH_CODE[error.code];
  if (code === undefined) return INTERNAL;
  const metadata: Record<string, string> = { reason: publicReason(error) };
  // parseBody names the offending field in `detail` (a name, never a value).
  if (error.reason === 'invalid_parameter' && error.detail) metadata.field = error.detail;
  // HTTP's Retry-After and X-Rate-Limit-* headers, as ErrorInfo metadata.
  if (error instanceof TemporarilyUnavailableError) metadata.retry_after_seconds = String(error.retryAfterSeconds);
  if (error instanceof TooManyRequestsError) {
    metadata.retry_after_seconds = String(error.retryAfterSeconds);
    metadata.rate_limit_limit = String(error.rateLimit.limit);
    metadata.rate_limit_remaining = String(error.rateLimit.remaining);
    metadata.rate_limit_reset = String(Math.ceil(error.rateLimit.resetAtMs / 1000));
  }
  return {
    code,
    message: error.errorDescription,
    errorInfo: { reason: error.code, domain: ERROR_DOMAIN, metadata },
    log: { error: error.code, reason: error.reason, detail: error.detail },
  };
}

function managementFailure(error: ManagementError): GrpcFailure {
  const mapped = STATUS_OF_MANAGEMENT_HTTP_STATUS[error.status];
  if (!mapped) return INTERNAL;
  const [code, oauthCode] = mapped;
  // A field that breaks a rule reads as on the token API: `invalid_parameter`, naming the field.
  const metadata: Record<string, string> = error instanceof ApiValidationError ? { reason: 'invalid_parameter', field: error.field } : { reason: error.code };
  if (error instanceof ServiceUnavailableError) metadata.retry_after_seconds = String(error.retryAfterSeconds);
  // Causes name fields and reasons, never submitted values. Okta's not-found summary names the
  // (submitted, unknown) id, which the status message must not echo: only its type remains.
  const summary = error instanceof ResourceNotFoundError ? `Not found: Resource not found (${error.resourceType})` : error.errorSummary;
  const message = error.errorCauses.length > 0 ? `${summary} (${error.errorCauses.join('; ')})` : summary;
  return { code, message, errorInfo: { reason: oauthCode, domain: ERROR_DOMAIN, metadata }, log: { error: oauthCode, reason: error.code } };
}

/**
 * The error object grpc-js turns into the call's status: `code`, `details` (the status
 * message) and trailers with the encoded `google.rpc.Status` when there is an `ErrorInfo`.
 */
export interface GrpcServiceError extends Error {
  readonly code: GrpcStatus;
  readonly details: string;
  readonly metadata: Metadata;
}

/** Builds the {@link GrpcServiceError} of a failure. */
export function toServiceError(failure: GrpcFailure): GrpcServiceError {
  const metadata = new Metadata();
  if (failure.errorInfo) metadata.set(STATUS_DETAILS_KEY, encodeStatusDetails(failure.code, failure.message, failure.errorInfo));
  return Object.assign(new Error(failure.message), { code: failure.code, details: failure.message, metadata });
}
