import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Server, ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';
import { GRPC_SERVICES } from './grpc-contract';

/**
 * How long shutdown waits for calls in flight to finish before cutting them: long enough for
 * any unary call and for the final status of every revocation feed, short enough to stay well
 * inside an orchestrator's grace period (Kubernetes: 30 s).
 */
export const GRPC_SHUTDOWN_GRACE_MS = 5_000;

/**
 * The gRPC server's serving state.
 *
 * Health: the standard `grpc.health.v1.Health` service, for the whole server (`""`) and each
 * Token Ledger service, says NOT_SERVING until the application has started (bootstrap
 * configuration applied, registry caught up, keys loaded), SERVING from then on, and
 * NOT_SERVING again as soon as shutdown begins, so load balancers and `grpc_health_probe` stop
 * sending calls first.
 *
 * Shutdown: a graceful drain (HTTP/2 GOAWAY: no new calls, calls in flight finish, revocation
 * feeds end with UNAVAILABLE and that status reaches the watcher) bounded by
 * {@link GRPC_SHUTDOWN_GRACE_MS}, then whatever is left is cut. Nest's own close of the
 * transport comes after and finds nothing left to do.
 */
@Injectable()
export class GrpcServerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly health = new HealthImplementation(statusOfAll('NOT_SERVING'));
  private readonly logger = new Logger('Grpc');
  private server: Server | null = null;
  /** Open `Health/Watch` streams: they never end on their own, so shutdown ends them. */
  private readonly healthWatches = new Set<ServerWritableStream<unknown, unknown>>();

  /** Adds the health service to the server being started, and keeps it to drain on shutdown. */
  attach(server: Server): void {
    const watches = this.healthWatches;
    this.health.addToServer({
      addService: (service, implementation) => {
        const watch = implementation.watch as (call: ServerWritableStream<unknown, unknown>) => void;
        const tracked: UntypedServiceImplementation = {
          ...(implementation as UntypedServiceImplementation),
          watch: (call: ServerWritableStream<unknown, unknown>) => {
            watches.add(call);
            call.on('cancelled', () => watches.delete(call));
            watch(call);
          },
        };
        server.addService(service as Parameters<Server['addService']>[0], tracked);
      },
    });
    this.server = server;
  }

  onApplicationBootstrap(): void {
    this.setAll('SERVING');
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.setAll('NOT_SERVING');
    // Watchers have been sent NOT_SERVING; their streams end so the drain does not wait on them.
    for (const call of this.healthWatches) call.end();
    this.healthWatches.clear();
    const server = this.server;
    if (!server) return;
    this.server = null;
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      new Promise<boolean>((resolve) => server.tryShutdown(() => resolve(true))),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), GRPC_SHUTDOWN_GRACE_MS);
      }),
    ]);
    clearTimeout(timer);
    if (!drained) {
      this.logger.warn({ msg: 'gRPC calls still open after the shutdown grace period; cutting them', graceMs: GRPC_SHUTDOWN_GRACE_MS });
      server.forceShutdown();
    }
  }

  private setAll(status: ServingStatus): void {
    for (const service of Object.keys(statusOfAll(status))) this.health.setStatus(service, status);
  }
}

function statusOfAll(status: ServingStatus): Record<string, ServingStatus> {
  return Object.fromEntries(['', ...GRPC_SERVICES].map((service) => [service, status]));
}
