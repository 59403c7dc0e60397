import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SubjectKeys } from '@ledger/audit';
import { CommandLoop } from '@ledger/event-sourcing';
import { ReadModelDatabase, type FamilyCursor } from '@ledger/read-model-sqlite';
import { ServiceUnavailableError } from '../../management-errors/management-errors';
import { ProjectionRunner, ProjectionWaitTimeoutError } from '@ledger/projections';
import { CLOCK, type Clock } from '../../shared/clock';
import { revokeFamily } from '../../token-families/shared/revoke-family';
import { TokenFamilyLoader } from '../../token-families/shared/family-loader';
import { mapWithConcurrency } from '../shared/concurrency';
import { RevokeSubjectTokensCommand, type SubjectTokensRevoked } from './revoke-subject-tokens.command';

/** Families revoked side by side: bounds the load one call puts on the store. */
const CONCURRENCY = 16;
/** Families read from the read model at a time. */
const PAGE_SIZE = 500;
/** How long to wait for the projection to reach the head before refusing (503, retry). */
const CATCH_UP_TIMEOUT_MS = 15_000;

/**
 * Revokes every active family of a subject (optionally one client's) through the normal
 * revoke path: the command loop, the token-family decider and `RevokeFamily`, so it races
 * correctly with refreshes, and each revocation is as durable as any other.
 *
 * The families come from the `token_families` read model, read only after the projection
 * has caught up with the head of the log: a family issued before the call is never missed.
 * Idempotent and resumable: the read model lists active families only and the decider
 * appends nothing for a family already revoked, so a second call finds nothing to do and a
 * call interrupted half-way is finished by the next one.
 */
@CommandHandler(RevokeSubjectTokensCommand)
export class RevokeSubjectTokensHandler implements ICommandHandler<RevokeSubjectTokensCommand> {
  private readonly logger = new Logger('Ops');

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly runner: ProjectionRunner,
    private readonly readModels: ReadModelDatabase,
    private readonly families: TokenFamilyLoader,
    private readonly subjectKeys: SubjectKeys,
  ) {}

  async execute({ subject, clientId, reason, context }: RevokeSubjectTokensCommand): Promise<SubjectTokensRevoked> {
    await this.runner.waitUntilCaughtUp(CATCH_UP_TIMEOUT_MS).catch((error: unknown) => {
      throw error instanceof ProjectionWaitTimeoutError ? new ServiceUnavailableError() : error;
    });
    let found = 0;
    let revoked = 0;
    let after: FamilyCursor | undefined;
    // The read model files families under the subject's pseudonym, never the subject.
    const subjectRefs = this.subjectKeys.refsOf(subject);
    do {
      const page = this.readModels.tokenFamilies.families({
        subjectRefs,
        ...(clientId !== undefined ? { clientId } : {}),
        status: 'active',
        limit: PAGE_SIZE,
        ...(after ? { after } : {}),
        now: this.clock.now(),
      });
      found += page.families.length;
      const results = await mapWithConcurrency(page.families, CONCURRENCY, (f) => this.revoke(f.familyId, clientId, reason, context));
      revoked += results.filter(Boolean).length;
      after = page.next ?? undefined;
    } while (after);
    this.logger.log({ msg: 'subject families revoked', clientId, found, revoked, reason, requestId: context.requestId });
    return { found, revoked };
  }

  private async revoke(
    familyId: string,
    clientId: string | undefined,
    reason: 'admin' | 'user_logout',
    context: RevokeSubjectTokensCommand['context'],
  ): Promise<boolean> {
    return revokeFamily(
      this.loop,
      this.families.load,
      {
        familyId,
        reason,
        requestedBy: context.actor,
        // The read model matched the client; this makes the decider agree before acting.
        ...(clientId !== undefined ? { onlyForClientId: clientId } : {}),
        now: this.clock.now(),
      },
      context,
    );
  }
}
