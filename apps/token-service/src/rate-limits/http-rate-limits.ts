import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setRateLimitHeaders } from '../oauth-errors/oauth-errors';
import { claimedClientId } from './claimed-client-id';
import { RateLimiter, type RateLimitedEndpoint } from './rate-limiter';

/**
 * The request budgets of `POST /oauth2/{as}/v1/{token,introspect,revoke}`, called first thing
 * by each of those handlers, before anything is parsed or authenticated; it writes Okta's
 * `X-Rate-Limit-*` headers on every answer (a 429 gets them from the exception filter, with
 * `Retry-After`).
 *
 * A direct call rather than a Nest guard: a guard adds Nest's guard machinery and one more
 * asynchronous hop to every refresh, which showed in the refresh path's CPU profile (about a
 * third of the limiter's cost), and the gRPC handlers call the limiter directly too.
 */
@Injectable()
export class HttpRateLimits {
  constructor(private readonly limiter: RateLimiter) {}

  /** @throws TooManyRequestsError when a budget of this endpoint is spent */
  admit(endpoint: RateLimitedEndpoint, request: FastifyRequest, reply: FastifyReply): void {
    const status = this.limiter.admitRequest(endpoint, request.ip, claimedClientId(request.headers.authorization, request.body));
    if (status) setRateLimitHeaders(reply, status);
  }
}
