import { Query } from '@nestjs/cqrs';
import type { FamilyStatus, Provenance, RefreshFailureReason } from '@ledger/domain';

/** One family of a subject: how it was issued and its status now. */
export interface SubjectFamily {
  readonly familyId: string;
  readonly authorizationServerId: string;
  readonly clientId: string;
  readonly grantType: string;
  readonly scopes: readonly string[];
  readonly issuedAt: string;
  readonly provenance: Provenance;
  readonly status: FamilyStatus;
  readonly reason: RefreshFailureReason | null;
  readonly revokeReason: string | null;
}

/** Every family a subject ever had, oldest first (an empty list for an unknown subject). */
export class SubjectFamiliesQuery extends Query<SubjectFamily[]> {
  constructor(readonly subject: string) {
    super();
  }
}
