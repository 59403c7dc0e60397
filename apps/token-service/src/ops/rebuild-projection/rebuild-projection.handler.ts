import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ProjectionRunner, UnknownProjectionError } from '@ledger/projections';
import { ResourceNotFoundError } from '../../management-errors/management-errors';
import { toProjectionResource } from '@ledger/audit';
import { RebuildProjectionCommand, type RebuildOutcome } from './rebuild-projection.command';

/** How long `?wait=true` waits for a rebuild to be swapped in. */
const WAIT_FOR_SWAP_MS = 5 * 60_000;

/**
 * Starts a rebuild in the background (new tables beside the serving ones, swapped in when
 * caught up) and answers at once, or, when asked, once it is swapped in. Idempotent: a rebuild
 * underway is reported, not restarted.
 */
@CommandHandler(RebuildProjectionCommand)
export class RebuildProjectionHandler implements ICommandHandler<RebuildProjectionCommand> {
  private readonly logger = new Logger('Projections');

  constructor(private readonly runner: ProjectionRunner) {}

  async execute({ name, waitForSwap, requestedBy }: RebuildProjectionCommand): Promise<RebuildOutcome> {
    let started: ReturnType<ProjectionRunner['rebuild']>;
    try {
      started = this.runner.rebuild(name);
    } catch (error) {
      if (error instanceof UnknownProjectionError) throw new ResourceNotFoundError(name, 'Projection');
      throw error;
    }
    this.logger.log({ msg: 'projection rebuild requested', projection: started.projection, generation: started.generation, requestedBy });
    let swapped = false;
    if (waitForSwap) {
      let timer: NodeJS.Timeout | undefined;
      swapped = await Promise.race([
        // A rebuild stopped by a shutdown is not swapped: 202, it resumes at the next start.
        started.swapped.then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), WAIT_FOR_SWAP_MS))),
      ]);
      clearTimeout(timer);
    }
    const status = (await this.runner.status()).find((s) => s.name === started.projection)!;
    return { swapped, projection: toProjectionResource(status) };
  }
}
