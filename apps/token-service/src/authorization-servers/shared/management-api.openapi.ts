import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiParam, ApiProperty, ApiResponse, type HeadersObject } from '@nestjs/swagger';

/**
 * OpenAPI descriptions shared by the admin-guarded management routes (authorization servers,
 * clients, trusted origins, user tokens): Okta's error body as `ManagementExceptionFilter`
 * renders it, the statuses each error class answers with, and the `ETag`/`If-Match`, `Location`
 * and `Link` headers. Documentation only: nothing here is read at run time.
 */

/** One of Okta's `errorCauses`: a summary that names its field. */
export class ManagementErrorCause {
  @ApiProperty({ description: 'What is wrong, naming the field (never the submitted value).', example: 'name: must be a non-empty string' })
  errorSummary!: string;
}

/** Okta's management error body (`managementErrorBody`). */
export class ManagementErrorResponse {
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
    description: '`E0000011`: the admin credential (`Authorization: Bearer <token>` or `SSWS <token>`) is missing or wrong.',
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
 * The error responses of an admin-guarded route, in Okta's body: always the guard's 401 and 429,
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

/** The 400 of a route whose only input besides the path is its query string. */
export const INVALID_QUERY = { status: 400, description: '`E0000001`: a query parameter breaks a rule (`errorCauses` names it).' } as const;

/** The 400 of a route whose only input besides the path is `If-Match`. */
export const INVALID_IF_MATCH = { status: 400, description: '`E0000001`: `If-Match` is not one entity tag as returned in `ETag`.' } as const;

/** The `ETag` of a configuration resource: the revision of its server's stream, which `If-Match` quotes. */
export const ETAG_HEADER: HeadersObject = {
  ETag: { description: 'Weak tag of the authorization server stream revision, e.g. `W/"12"`; send it back in `If-Match`.', schema: { type: 'string' } },
};

/** `Location` of a created resource, under the public base URL. */
export const LOCATION_HEADER: HeadersObject = {
  Location: { description: 'The URL of the created resource.', schema: { type: 'string', format: 'uri' } },
};

/** RFC 8288 `Link` of a paged list. */
export const NEXT_LINK_HEADER: HeadersObject = {
  Link: { description: '`<…>; rel="next"` while another page follows (RFC 8288).', schema: { type: 'string' } },
};

/** Optional `If-Match`: the write appends only if the server stream is still at that revision. */
export function ApiIfMatch(): MethodDecorator {
  return ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'An `ETag` from a previous answer (`W/"12"`); 412 when it is no longer current. `*` or absent: no condition.',
    schema: { type: 'string', example: 'W/"12"' },
  });
}

/**
 * A decorator for a folder's path parameters, described once: `pathParams({ as: '...' })('as')`
 * documents `{as}` on a route.
 */
export function pathParams<Name extends string>(described: Record<Name, string>): (...names: Name[]) => MethodDecorator {
  return (...names) => applyDecorators(...names.map((name) => ApiParam({ name, description: described[name] })));
}
