import { Query } from '@nestjs/cqrs';
import type { FamilyStateReport } from '@ledger/audit';

/** The state of a family at an instant, and why (404 when unknown). */
export class FamilyStateQuery extends Query<FamilyStateReport> {
  constructor(
    readonly familyId: string,
    /** Epoch milliseconds; `null` = now. */
    readonly at: number | null,
  ) {
    super();
  }
}
