import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../oauth-errors/oauth-errors';
import { LedgerIntegrity } from '../integrity/ledger-integrity';
import { RateLimiter } from '../rate-limits/rate-limiter';
import { ADMIN_CREDENTIAL, type AdminCredential } from './admin-credential';

/** `POST /api/v1/signing-keys/rewrap`: key maintenance, open while the integrity gate is closed. */
const KEY_REWRAP_PATH = /^\/api\/v1\/signing-keys\/rewrap\/?(?:\?|$)/;

/**
 * Guards the management and issuance APIs with the admin/service credential, sent as
 * `Authorization: Bearer <token>` or Okta's `Authorization: SSWS <token>`. Compared as
 * SHA-256 digests in constant time; client credentials are never accepted here. An address that
 * presented too many wrong credentials in the current window is refused with 429 before its
 * credential is compared (`RateLimiter`). While the ledger fails verification (`LedgerIntegrity`),
 * every request but a read answers 503.
 */
@Injectable()
export class AdminCredentialGuard implements CanActivate {
  constructor(
    @Inject(ADMIN_CREDENTIAL) private readonly credential: AdminCredential,
    private readonly limiter: RateLimiter,
    private readonly integrity: LedgerIntegrity,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^(?:Bearer|SSWS) +(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError('An admin or service credential is required.', 'missing_admin_credential');
    this.limiter.requireServiceCredentialBudget(request.ip);
    const presented = createHash('sha256').update(match[1]).digest();
    if (!timingSafeEqual(presented, this.credential.digest)) {
      this.limiter.recordServiceCredentialFailure(request.ip);
      throw new UnauthorizedError('The admin or service credential is invalid.', 'invalid_admin_credential');
    }
    (request as FastifyRequest & { actor?: string }).actor = 'admin:service';
    // Writes (and the trusted issuance) wait for a ledger that verifies; reads stay open, and so
    // does rewrapping the keys, which an operator may need to make the seals verifiable again.
    if (request.method !== 'GET' && request.method !== 'HEAD' && !KEY_REWRAP_PATH.test(request.url)) this.integrity.requireIntact();
    return true;
  }
}
