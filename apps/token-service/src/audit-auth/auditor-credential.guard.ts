import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../oauth-errors/oauth-errors';
import { RateLimiter } from '../rate-limits/rate-limiter';
import { AUDITOR_CREDENTIAL, sha256, type AuditorCredential } from './auditor-credential';

/** The principal recorded for audit requests (logs; audit reads append no events). */
export const AUDITOR_ACTOR = 'auditor:service';

/**
 * Guards the audit API (`/api/v1/audit/*`) with the auditor credential, sent as
 * `Authorization: Bearer <token>` or Okta's `Authorization: SSWS <token>`, compared as SHA-256
 * digests in constant time. Only the auditor credential passes: the admin credential and client
 * credentials are refused (401), just as the admin guard refuses the auditor credential, because
 * the two roles are separate. Wrong credentials count against the address's budget, shared with
 * the admin guard (`RateLimiter`).
 */
@Injectable()
export class AuditorCredentialGuard implements CanActivate {
  constructor(
    @Inject(AUDITOR_CREDENTIAL) private readonly credential: AuditorCredential,
    private readonly limiter: RateLimiter,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^(?:Bearer|SSWS) +(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError('An auditor credential is required.', 'missing_auditor_credential');
    this.limiter.requireServiceCredentialBudget(request.ip);
    if (!timingSafeEqual(sha256(match[1]), this.credential.digest)) {
      this.limiter.recordServiceCredentialFailure(request.ip);
      throw new UnauthorizedError('The auditor credential is invalid.', 'invalid_auditor_credential');
    }
    (request as FastifyRequest & { actor?: string }).actor = AUDITOR_ACTOR;
    return true;
  }
}
