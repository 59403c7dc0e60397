import { Query } from '@nestjs/cqrs';
import type { ChainVerificationJson } from '@ledger/audit';

/** Recompute the hash chain of one stream, or of every stream when none is named. */
export class VerifyChainQuery extends Query<ChainVerificationJson> {
  constructor(readonly streamName: string | undefined) {
    super();
  }
}
