import { SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS } from '../oauth-errors/oauth-errors';

/**
 * The management API's error family, rendered in Okta's management format (`errorCode`,
 * `errorSummary`, `errorLink`, `errorId`, `errorCauses`) rather than RFC 6749's. Each class has
 * a stable `code` to switch on and the Okta `errorCode` that goes on the wire. Summaries and
 * causes name fields, ids and reasons, never a submitted value (a secret typed into the wrong
 * field must not come back in an error or a log).
 *
 * @see https://developer.okta.com/docs/reference/error-codes/
 */
export abstract class ManagementError extends Error {
  /** Stable machine-readable code, e.g. `invalid_configuration`. */
  abstract readonly code: string;
  /** HTTP status on the wire. */
  abstract readonly status: number;
  /** Okta's error code, e.g. `E0000001`. */
  abstract readonly errorCode: string;

  constructor(
    readonly errorSummary: string,
    /** Okta's `errorCauses`: one summary per cause, each naming its field. */
    readonly errorCauses: readonly string[] = [],
  ) {
    super(errorSummary);
    this.name = new.target.name;
  }
}

/** A field breaks a rule (Okta `E0000001`, 400): the summary and the cause name the field. */
export class ApiValidationError extends ManagementError {
  readonly code = 'invalid_configuration';
  readonly status = 400;
  readonly errorCode = 'E0000001';

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`Api validation failed: ${field}`, [`${field}: ${reason}`]);
  }
}

/** The body is not a JSON object (Okta `E0000003`, 400). */
export class MalformedBodyError extends ManagementError {
  readonly code = 'malformed_body';
  readonly status = 400;
  readonly errorCode = 'E0000003';

  constructor(reason = 'The request body was not well-formed.') {
    super(reason);
  }
}

/** The body is too large (413); Okta's reader error code, as it is a body that cannot be read. */
export class BodyTooLargeError extends ManagementError {
  readonly code = 'body_too_large';
  readonly status = 413;
  readonly errorCode = 'E0000003';

  constructor() {
    super('The request body is too large.');
  }
}

/** The body is not JSON (415); Okta's reader error code. */
export class UnsupportedBodyTypeError extends ManagementError {
  readonly code = 'unsupported_media_type';
  readonly status = 415;
  readonly errorCode = 'E0000003';

  constructor() {
    super('The request body was not well-formed: send application/json.');
  }
}

/** A missing, malformed or wrong admin credential (Okta `E0000011`, 401). */
export class InvalidAdminTokenError extends ManagementError {
  readonly code = 'invalid_token';
  readonly status = 401;
  readonly errorCode = 'E0000011';

  constructor() {
    super('Invalid token provided');
  }
}

/** The named resource does not exist or was deleted (Okta `E0000007`, 404). */
export class ResourceNotFoundError extends ManagementError {
  readonly code = 'not_found';
  readonly status = 404;
  readonly errorCode = 'E0000007';

  constructor(
    readonly resourceId: string,
    /** Okta's type name: `AuthorizationServer`, `Policy`, `PolicyRule`, `Client`. */
    readonly resourceType: string,
  ) {
    super(`Not found: Resource not found: ${resourceId} (${resourceType})`);
  }
}

/**
 * The change conflicts with what exists (409): an id already taken, or the id of a deleted
 * server. Okta answers a taken id with `E0000001`; the ledger keeps that code and says 409.
 */
export class ResourceConflictError extends ManagementError {
  readonly code = 'conflict';
  readonly status = 409;
  readonly errorCode = 'E0000001';

  constructor(resourceType: string, resourceId: string, reason: string) {
    super('Api validation failed: id', [`id: ${resourceType} '${resourceId}' ${reason}`]);
  }
}

/**
 * `If-Match` names a version that is no longer current (412): the caller decided on a stale
 * configuration, so nothing was appended. Okta's code for a violated precondition.
 */
export class PreconditionFailedError extends ManagementError {
  readonly code = 'precondition_failed';
  readonly status = 412;
  readonly errorCode = 'E0000001';

  constructor(expected: string, current: string) {
    super('Api validation failed: If-Match', [`If-Match: ${expected} is not the current version ${current}`]);
  }
}

/** Too many requests (Okta `E0000047`, 429). */
export class RateLimitedError extends ManagementError {
  readonly code = 'rate_limited';
  readonly status = 429;
  readonly errorCode = 'E0000047';

  constructor() {
    super('API call exceeded rate limit due to too many requests.');
  }
}

/** The store is unavailable or the write kept losing races (503); the caller may retry. */
export class ServiceUnavailableError extends ManagementError {
  readonly code = 'temporarily_unavailable';
  readonly status = 503;
  readonly errorCode = 'E0000010';
  /** `Retry-After`, as on the OAuth side. */
  readonly retryAfterSeconds = SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS;

  /** @param summary what the caller is told; the default says the service is busy. */
  constructor(summary = 'The service is busy; retry the request.') {
    super(summary);
  }
}

/** An unexpected failure (Okta `E0000009`, 500); its message never reaches the caller. */
export class InternalServerError extends ManagementError {
  readonly code = 'server_error';
  readonly status = 500;
  readonly errorCode = 'E0000009';

  constructor() {
    super('Internal Server Error');
  }
}
