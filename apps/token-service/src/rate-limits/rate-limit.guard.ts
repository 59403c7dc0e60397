import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setRateLimitHeaders } from '../oauth-errors/oauth-errors';
import { claimedClientId } from './claimed-client-id';
import { RateLimiter, type RateLimitedEndpoint } from './rate-limiter';

/**
 * Counts a request to `POST /oauth2/{as}/v1/{token,introspect,revoke}` against its budgets
 * before the handler parses or authenticates anything, and writes Okta's `X-Rate-Limit-*`
 * headers on every answer (a 429 gets them from the exception filter, with `Retry-After`).
 * The endpoint is the route's last segment.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(private readonly limiter: RateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const route = request.routeOptions.url ?? '';
    const endpoint = route.slice(route.lastIndexOf('/') + 1) as RateLimitedEndpoint;
    const status = this.limiter.admitRequest(endpoint, request.ip, claimedClientId(request.headers.authorization, request.body));
    if (status) setRateLimitHeaders(http.getResponse<FastifyReply>(), status);
    return true;
  }
}
