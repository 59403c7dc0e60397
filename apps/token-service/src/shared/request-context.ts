import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../token-families/shared/token-response';

/**
 * Builds the metadata context of a command from the HTTP request: the request id (a sane
 * `X-Request-Id` or a generated UUID), a correlation id (`X-Correlation-Id` or the request id)
 * and the actor.
 */
export function requestContext(request: FastifyRequest, actor: string): RequestContext {
  const given = request.headers['x-correlation-id'];
  const correlationId = typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : String(request.id);
  return { requestId: String(request.id), correlationId, actor };
}
