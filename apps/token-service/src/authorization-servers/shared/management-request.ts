import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseIfMatch, revisionEtag } from '../../management-errors/revision-etag';
import { requestContext, type RequestContext } from '../../shared/request-context';
import type { Versioned } from './okta-resources';

/** The event-metadata context of a management request (the admin guard authenticated it). */
export function managementContext(request: FastifyRequest): RequestContext {
  return requestContext(request, 'admin:service');
}

/** The revision `If-Match` names, or `undefined` for none or `*` (400 when malformed). */
export function ifMatchOf(request: FastifyRequest): bigint | undefined {
  return parseIfMatch(request.headers['if-match']);
}

/** Sets the `ETag` of what is answered (the stream revision) and returns the resource body. */
export function withEtag<T>(reply: FastifyReply, versioned: Versioned<T>): T {
  void reply.header('etag', revisionEtag(versioned.revision));
  return versioned.resource;
}
