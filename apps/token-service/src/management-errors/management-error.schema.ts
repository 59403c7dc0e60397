import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse, type HeadersObject } from '@nestjs/swagger';
import type { ManagementErrorBody } from './to-management-error';

/**
 * Okta's error body as `ManagementExceptionFilter` renders it, for the OpenAPI document, and the
 * statuses each error class answers with: shared by every route in the management format (the
 * management, audit and ops APIs). Documentation only: nothing here is read at run time.
 */

/** One of Okta's `errorCauses`: a summary that names its field. */
export class ManagementErrorCause {
  @ApiProperty({ description: 'What is wrong, naming the field (never the submitted value).', example: 'name: must be a non-empty string' })
  errorSummary!: string;
}

/** Okta's management error body (`managementErrorBody`). */
export class ManagementErrorResponse implements ManagementErrorBody {
  @ApiProperty({ description: "Okta's error code.", example: 'E0000001' })
  errorCode!: string;

  @ApiProperty({ description: 'What went wrong; names fields and ids, never a submitted value.', example: 'Api validation failed: name' })
  errorSummary!: string;

  @ApiProperty({ description: 'The error code again, as Okta fills `errorLink`.', example: 'E0000001' })
  errorLink!: string;

  @ApiProperty({ description: 'The request id (`X-Request-Id` when the caller sent a sane one), to quote to operators.', example: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' })
  errorId!: string;

  @ApiProperty({ type: [ManagementErrorCause], description: 'One entry per cause; empty when the summary says it all.' })
  errorCauses!: ManagementErrorCause[];
}

const RETRY_AFTER: HeadersObject = { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } };

/** The statuses a management route can answer with besides its success, and when. */
const ERRORS = {
  400: {
    description:
      '`E0000001`: a field, query parameter or `If-Match` breaks a rule (`errorCauses` names it); `E0000003`: the body is not a JSON object.',
  },
  401: {
    description: '`E0000011`: the credential (`Authorization: Bearer <token>` or `SSWS <token>`: the admin one, or the auditor one on the audit API) is missing or wrong.',
    headers: { 'WWW-Authenticate': { description: '`Bearer realm="token-ledger"`', schema: { type: 'string' } } },
  },
  404: { description: '`E0000007`: a resource named in the path does not exist or was deleted.' },
  409: { description: '`E0000001`: the chosen id is taken, or belonged to a deleted resource (ids are never reused).' },
  412: { description: '`E0000001`: `If-Match` names a version that is no longer current; nothing was changed.' },
  413: { description: '`E0000003`: the body is larger than the configured limit.' },
  415: { description: '`E0000003`: the body is not `application/json`.' },
  429: {
    description: '`E0000047`: this address presented too many wrong credentials in the current window.',
    headers: RETRY_AFTER,
  },
  503: {
    description: '`E0000010`: the ledger failed verification (writes are refused until it verifies) or the store is busy; retry.',
    headers: RETRY_AFTER,
  },
} satisfies Record<number, { description: string; headers?: HeadersObject }>;

/** A status of {@link ERRORS}, or one with a description specific to the route. */
export type ManagementErrorStatus = keyof typeof ERRORS | { readonly status: keyof typeof ERRORS; readonly description: string };

/**
 * The error responses of a guarded route (admin or auditor), in Okta's body: always the guard's 401 and 429,
 * plus the statuses given (a write adds 503: the guard refuses writes while the ledger fails
 * verification).
 */
export function ApiManagementErrors(...statuses: ManagementErrorStatus[]): MethodDecorator {
  const all: ManagementErrorStatus[] = [401, 429, ...statuses];
  return applyDecorators(
    ...all.map((entry) => {
      const status = typeof entry === 'object' ? entry.status : entry;
      const { description, ...rest } = ERRORS[status] as { description: string; headers?: HeadersObject };
      return ApiResponse({ status, type: ManagementErrorResponse, ...rest, description: typeof entry === 'object' ? entry.description : description });
    }),
  );
}
