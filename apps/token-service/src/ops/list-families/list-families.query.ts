import { Query } from '@nestjs/cqrs';
import type { TokenFamilyStatus } from '@ledger/domain/projections';
import type { FamilyResource } from '../shared/family-resource';

/** One page of families and the cursor of the next one (`null` on the last page). */
export interface FamiliesPage {
  readonly families: readonly FamilyResource[];
  readonly nextAfter: string | null;
}

/** Families from the `token_families` read model, oldest first, filtered. */
export class ListFamiliesQuery extends Query<FamiliesPage> {
  constructor(
    readonly filter: { readonly subject?: string; readonly clientId?: string; readonly status?: TokenFamilyStatus },
    readonly limit: number,
    /** An opaque cursor from a previous page. */
    readonly after: string | undefined,
  ) {
    super();
  }
}
