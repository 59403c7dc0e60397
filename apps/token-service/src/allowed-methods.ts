import type { FastifyRequest, HTTPMethods } from 'fastify';

/** The methods a route may be registered for (Fastify adds HEAD to every GET route). */
const METHODS: readonly HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The methods the router has for the request's path when it has none for the request's own
 * method (a wrong method on an existing route, RFC 9110 §15.5.6); empty when the path itself is
 * unknown. Fastify's `findRoute` matches a concrete path the way the router does, parameters
 * included.
 */
export function allowedMethods(request: FastifyRequest): HTTPMethods[] {
  const url = request.url.split('?', 1)[0];
  const has = (method: HTTPMethods) => request.server.findRoute({ method, url }) !== null;
  if (has(request.method as HTTPMethods)) return [];
  return METHODS.filter(has);
}
