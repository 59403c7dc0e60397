import { Query } from '@nestjs/cqrs';
import type { SealResource } from '@ledger/audit';

/** The newest seal of the log. */
export class LatestSealQuery extends Query<SealResource> {}
