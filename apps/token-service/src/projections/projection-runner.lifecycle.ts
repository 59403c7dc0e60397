import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ProjectionRunner } from '@ledger/projections';

/**
 * Runs the {@link ProjectionRunner} with the application: starts it once the application has
 * booted (the bootstrap configuration is applied by then), and stops it and closes the
 * read-model file before the event store closes (StartupService closes it on shutdown).
 */
@Injectable()
export class ProjectionRunnerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly runner: ProjectionRunner) {}

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.runner.close();
  }
}
