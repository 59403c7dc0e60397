import { Query } from '@nestjs/cqrs';
import type { ProjectionResource } from '@ledger/audit';

/**
 * The projections' status (one, or all when `name` is absent). With `waitForHead`, first waits
 * (bounded) until each has applied its streams' last event as of the request.
 */
export class ListProjectionsQuery extends Query<ProjectionResource[]> {
  constructor(
    readonly name: string | undefined,
    readonly waitForHead: boolean,
  ) {
    super();
  }
}
