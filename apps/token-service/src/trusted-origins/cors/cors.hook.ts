import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS, CORS_MAX_AGE_SECONDS, corsMethodsFor } from './cors-routes';

/**
 * CORS on the OAuth endpoints for the ACTIVE trusted origins with the CORS scope (Okta's
 * trusted origins), in one Fastify `onRequest` hook:
 *
 * - a preflight (`OPTIONS` with `Access-Control-Request-Method`) on a CORS path is answered
 *   here, 204, before routing, authentication or the 405 handling could refuse it; with the
 *   `Access-Control-Allow-*` headers only when the origin is trusted, so the browser fails
 *   the preflight of any other origin;
 * - any other request on a CORS path from a trusted origin gets `Access-Control-Allow-Origin`
 *   (that origin, never `*`) and the exposed headers, on success and error answers alike;
 * - every answer on a CORS path says `Vary: Origin`, so a shared cache never hands one origin's
 *   answer (the discovery and JWKS documents are publicly cacheable) to another.
 *
 * No `Access-Control-Allow-Credentials`: these endpoints authenticate with headers or the body,
 * never cookies. The trust check is one set lookup in the configuration registry, which
 * follows the trusted-origins stream live.
 */
@Injectable()
export class CorsHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly registry: ConfigurationRegistry,
  ) {}

  onModuleInit(): void {
    // A bare application context (handler tests, the CLI) has no HTTP adapter.
    if (!this.adapterHost.httpAdapter) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const { registry } = this;
    // Added at module init, before Nest registers its not-found handler: the hook also runs for
    // a preflight, whose OPTIONS has no route.
    fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const methods = corsMethodsFor(request.url);
      if (methods === null) return done();
      void reply.header('vary', 'Origin');
      const origin = request.headers.origin;
      const trusted = typeof origin === 'string' && registry.isCorsOrigin(origin);
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
        if (trusted) {
          void reply
            .header('access-control-allow-origin', origin)
            .header('access-control-allow-methods', methods)
            .header('access-control-allow-headers', CORS_ALLOW_HEADERS)
            .header('access-control-max-age', String(CORS_MAX_AGE_SECONDS));
        }
        void reply.code(204).send();
        return;
      }
      if (trusted) {
        void reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', CORS_EXPOSE_HEADERS);
      }
      done();
    });
  }
}
