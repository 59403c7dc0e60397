import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiParam, type HeadersObject } from '@nestjs/swagger';

// Okta's error body and the error statuses live with the error format, for every area that uses it.
export { ApiManagementErrors, ManagementErrorResponse, type ManagementErrorStatus } from '../../management-errors/management-error.schema';

/**
 * OpenAPI descriptions shared by the admin-guarded management routes (authorization servers,
 * clients, trusted origins, user tokens): the `ETag`/`If-Match`, `Location` and `Link` headers
 * and path parameters. Documentation only: nothing here is read at run time.
 */

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
