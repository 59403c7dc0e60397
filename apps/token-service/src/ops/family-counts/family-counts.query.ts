import { Query } from '@nestjs/cqrs';
import type { FamilyCounts } from '@ledger/read-model-sqlite';

/** `family_counts` at "now", with the checkpoint it is as of. */
export interface FamilyCountsResource extends FamilyCounts {
  /** The instant `ACTIVE` and `EXPIRED` were decided at. */
  readonly asOf: string;
  /** Global position of the last event the counts include (`<commit>/<prepare>`), or `null`. */
  readonly checkpoint: string | null;
}

/** Counts of token families by status, revoke reason and client. */
export class FamilyCountsQuery extends Query<FamilyCountsResource> {}
