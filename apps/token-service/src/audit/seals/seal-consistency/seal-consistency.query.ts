import { Query } from '@nestjs/cqrs';
import type { SealResource } from '@ledger/audit';

/** A consistency proof (RFC 9162 §2.1.4) between the tree of `from` leaves and the tree of `to` leaves. */
export interface SealConsistencyResponse {
  readonly from: number;
  readonly to: number;
  /** Hex node hashes, as RFC 9162 §2.1.4.1 orders them. */
  readonly proof: string[];
  /** The seals of those sizes (`null` for a size no seal has). */
  readonly fromSeal: SealResource | null;
  readonly toSeal: SealResource | null;
}

export class SealConsistencyQuery extends Query<SealConsistencyResponse> {
  constructor(
    readonly from: number,
    readonly to: number,
  ) {
    super();
  }
}
