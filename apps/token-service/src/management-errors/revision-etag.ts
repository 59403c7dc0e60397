import { ApiValidationError } from './management-errors';

/**
 * The entity tag of a configuration resource: the revision of the stream that holds it
 * (`authorizationServer-<id>` for a server, its policies and rules). Weak, because it versions
 * the aggregate rather than the bytes of one representation; `If-Match` is compared on the
 * revision it names.
 */
export function revisionEtag(revision: bigint | 'no_stream'): string {
  return revision === 'no_stream' ? 'W/"none"' : `W/"${revision}"`;
}

const ETAG = /^(?:W\/)?"(\d{1,19})"$/;

/**
 * The revision an `If-Match` header names, or `undefined` when there is none (or `*`, which
 * any existing resource satisfies). Only one tag is accepted: the write appends with exactly
 * that revision expected.
 *
 * @see RFC 9110 §13.1.1
 */
export function parseIfMatch(header: string | string[] | undefined): bigint | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value.trim() === '*') return undefined;
  const match = ETAG.exec(value.trim());
  if (!match) throw new ApiValidationError('If-Match', 'must be one entity tag as returned in ETag, e.g. W/"12"');
  return BigInt(match[1]);
}
