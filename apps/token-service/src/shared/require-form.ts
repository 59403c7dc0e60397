import type { FastifyRequest } from 'fastify';
import { UnsupportedMediaTypeError } from '../oauth-errors/oauth-errors';

/** RFC 6749 §3.2 and RFC 7009/7662: these endpoints take `application/x-www-form-urlencoded` only. */
export function requireForm(request: FastifyRequest): void {
  const type = request.headers['content-type'];
  if (typeof type !== 'string' || !/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) {
    throw new UnsupportedMediaTypeError('The request must be application/x-www-form-urlencoded.', 'unsupported_media_type');
  }
}
