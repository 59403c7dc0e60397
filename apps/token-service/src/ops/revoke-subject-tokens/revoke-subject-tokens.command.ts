import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';

/** What a revoke-all did. */
export interface SubjectTokensRevoked {
  /** Active families of the subject found in the read model. */
  readonly found: number;
  /** Families this call revoked (others were revoked meanwhile, so nothing was appended for them). */
  readonly revoked: number;
}

/** Revoke every active family of a subject, optionally of one client only (SPEC §6.3). */
export class RevokeSubjectTokensCommand extends Command<SubjectTokensRevoked> {
  constructor(
    readonly subject: string,
    readonly clientId: string | undefined,
    readonly reason: 'admin' | 'user_logout',
    readonly context: RequestContext,
  ) {
    super();
  }
}
