import {
  ConfigurationConflictError,
  ConfigurationNotFoundError,
  InvalidConfigurationError,
  type ConfigurationResource,
} from '@ledger/domain';
import { WrongExpectedRevisionError } from '@ledger/event-sourcing';
import type { OAuthError } from '../oauth-errors/oauth-errors';
import {
  ApiValidationError,
  BodyTooLargeError,
  InternalServerError,
  InvalidAdminTokenError,
  MalformedBodyError,
  ManagementError,
  PreconditionFailedError,
  RateLimitedError,
  ResourceConflictError,
  ResourceNotFoundError,
  ServiceUnavailableError,
  UnsupportedBodyTypeError,
} from './management-errors';
import { revisionEtag } from './revision-etag';

/** Okta's type names, as they appear in `Resource not found: <id> (<Type>)`. */
const OKTA_TYPE: Record<ConfigurationResource, string> = {
  authorizationServer: 'AuthorizationServer',
  accessPolicy: 'Policy',
  policyRule: 'PolicyRule',
  client: 'Client',
  clientSecret: 'ClientSecret',
  trustedOrigin: 'TrustedOrigin',
};

/** The trusted issuance endpoint lives under `/api/v1` but is an OAuth endpoint (SPEC §6.2). */
const ISSUANCE_PATH = /^\/api\/v1\/authorizationServers\/[^/]+\/tokens\/?$/;

/**
 * Whether a request is for the management API (`/api/v1/*`), whose errors take Okta's
 * management format; the issuance endpoint under the same prefix keeps OAuth errors.
 */
export function isManagementRequest(url: string): boolean {
  const path = url.split('?', 1)[0];
  return path.startsWith('/api/v1/') && !ISSUANCE_PATH.test(path);
}

/**
 * Translates the errors the management use cases raise (domain configuration errors, a stale
 * `If-Match`, management errors themselves); `null` for anything else, which the caller
 * translates through {@link managementErrorFromOAuth}.
 */
export function toManagementError(exception: unknown): ManagementError | null {
  if (exception instanceof ManagementError) return exception;
  if (exception instanceof InvalidConfigurationError) return new ApiValidationError(exception.field, exception.reason);
  if (exception instanceof ConfigurationNotFoundError) return new ResourceNotFoundError(exception.id, OKTA_TYPE[exception.resource]);
  if (exception instanceof ConfigurationConflictError) {
    return new ResourceConflictError(OKTA_TYPE[exception.resource], exception.id, exception.reason);
  }
  // Escapes the command loop only when the caller fixed the revision with If-Match.
  if (exception instanceof WrongExpectedRevisionError && typeof exception.expected === 'bigint') {
    return new PreconditionFailedError(revisionEtag(exception.expected), revisionEtag(exception.actual));
  }
  return null;
}

/**
 * The management rendering of an error the shared HTTP layer raised as an OAuth error (the
 * admin guard, `parseBody`, Fastify's body parser, unknown routes, 5xx).
 */
export function managementErrorFromOAuth(error: OAuthError, path: string): ManagementError {
  if (error.status === 401) return new InvalidAdminTokenError();
  if (error.status === 404) return new ResourceNotFoundError(path.split('?', 1)[0], 'Resource');
  if (error.status === 413) return new BodyTooLargeError();
  if (error.status === 415) return new UnsupportedBodyTypeError();
  if (error.status === 429) return new RateLimitedError();
  // A ledger that failed verification says so; any other 503 is "busy".
  if (error.status === 503) return new ServiceUnavailableError(error.reason === 'ledger_integrity_failure' ? error.errorDescription : undefined);
  if (error.status >= 500) return new InternalServerError();
  // parseBody names the offending property in `detail`.
  if (error.reason === 'invalid_parameter' && error.detail) {
    const said = /^The '.+' parameter (.+)\.$/.exec(error.errorDescription);
    return new ApiValidationError(error.detail, said ? said[1] : error.errorDescription);
  }
  if (error.reason === 'missing_body') return new MalformedBodyError('The request body was not well-formed: send a JSON object.');
  // Nest wraps Fastify's JSON parse errors as a bare 400 HttpException (`http_exception`).
  if (error.reason === 'malformed_body' || error.reason === 'malformed_request' || error.reason === 'http_exception') {
    return new MalformedBodyError();
  }
  return new ApiValidationError('request', error.errorDescription);
}

/** Okta's management error body; `errorId` is the request id, so a caller can quote it to ops. */
export interface ManagementErrorBody {
  readonly errorCode: string;
  readonly errorSummary: string;
  readonly errorLink: string;
  readonly errorId: string;
  readonly errorCauses: readonly { readonly errorSummary: string }[];
}

/** The wire body of a management error. */
export function managementErrorBody(error: ManagementError, requestId: string): ManagementErrorBody {
  return {
    errorCode: error.errorCode,
    errorSummary: error.errorSummary,
    errorLink: error.errorCode,
    errorId: requestId,
    errorCauses: error.errorCauses.map((errorSummary) => ({ errorSummary })),
  };
}
