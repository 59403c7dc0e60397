import { Command } from '@nestjs/cqrs';
import type { ProjectionResource } from '@ledger/audit';

/** What a rebuild request answers: the projection's status, and whether the swap is done. */
export interface RebuildOutcome {
  readonly swapped: boolean;
  readonly projection: ProjectionResource;
}

/** Rebuild a projection (or the projection of a read model) from the start of the log. */
export class RebuildProjectionCommand extends Command<RebuildOutcome> {
  constructor(
    readonly name: string,
    /** Wait (bounded) for the swap before answering. */
    readonly waitForSwap: boolean,
    readonly requestedBy: string,
  ) {
    super();
  }
}
