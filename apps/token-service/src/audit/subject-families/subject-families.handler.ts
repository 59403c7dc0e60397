import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ERASED, familyStatusAt, tokenFamilyStreamName } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { CLOCK, type Clock } from '../../shared/clock';
import { TokenFamilyLoader } from '../../token-families/shared/family-loader';
import { FamiliesFinder } from '../../projections/families-finder';
import { SubjectFamiliesQuery, type SubjectFamily } from './subject-families.query';

/**
 * Lists a subject's families with their status now, judged like `…/state`. The finder only
 * names the families; each answer is read from the event store (first and last events, which is
 * exact for the status and the revocation), never from the read model's copy.
 */
@QueryHandler(SubjectFamiliesQuery)
export class SubjectFamiliesHandler implements IQueryHandler<SubjectFamiliesQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly finder: FamiliesFinder,
    private readonly families: TokenFamilyLoader,
  ) {}

  async execute({ subject }: SubjectFamiliesQuery): Promise<SubjectFamily[]> {
    const now = this.clock.now();
    const families: SubjectFamily[] = [];
    for (const familyId of await this.finder.all({ subject }, now)) {
      const { state } = await this.families.load(this.store, tokenFamilyStreamName(familyId));
      // A family the finder names has a TokenIssued; anything else is not a family of the subject.
      // An erased subject's families read `[erased]`: the finder matched them by its pseudonym.
      if (state.status === 'empty' || (state.subject !== subject && state.subject !== ERASED)) continue;
      const verdict = familyStatusAt(state, now);
      families.push({
        familyId,
        authorizationServerId: state.authorizationServerId,
        clientId: state.clientId,
        grantType: state.grantType,
        scopes: state.scopes,
        issuedAt: new Date(state.issuedAt).toISOString(),
        provenance: state.provenance,
        status: verdict.status,
        reason: verdict.reason,
        revokeReason: state.status === 'revoked' ? state.reason : null,
      });
    }
    return families;
  }
}
