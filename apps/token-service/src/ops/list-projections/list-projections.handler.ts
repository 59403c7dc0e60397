import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ProjectionRunner, ProjectionWaitTimeoutError, UnknownProjectionError } from '@ledger/projections';
import { ResourceNotFoundError } from '../../management-errors/management-errors';
import { ListProjectionsQuery } from './list-projections.query';
import { toProjectionResource, type ProjectionResource } from '@ledger/audit';

/** How long `?wait=true` waits for the projections to reach the head. */
const WAIT_FOR_HEAD_MS = 30_000;

/** Reads the runner's status (position, lag, rebuild) of one or every projection. */
@QueryHandler(ListProjectionsQuery)
export class ListProjectionsHandler implements IQueryHandler<ListProjectionsQuery> {
  constructor(private readonly runner: ProjectionRunner) {}

  async execute({ name, waitForHead }: ListProjectionsQuery): Promise<ProjectionResource[]> {
    const projection = name === undefined ? undefined : this.projectionNamed(name);
    if (waitForHead) {
      // A projection still behind after the wait answers with its lag: that is the answer.
      await this.runner.waitUntilCaughtUp(WAIT_FOR_HEAD_MS).catch((error: unknown) => {
        if (!(error instanceof ProjectionWaitTimeoutError)) throw error;
      });
    }
    const all = await this.runner.status();
    return all.filter((s) => projection === undefined || s.name === projection).map(toProjectionResource);
  }

  private projectionNamed(name: string): string {
    try {
      return this.runner.projectionOf(name);
    } catch (error) {
      if (error instanceof UnknownProjectionError) throw new ResourceNotFoundError(name, 'Projection');
      throw error;
    }
  }
}
