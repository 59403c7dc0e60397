import { Inject, type BeforeApplicationShutdown } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { TemporarilyUnavailableError } from '../oauth-errors/oauth-errors';
import { CLOCK, type Clock } from '../shared/clock';
import type { RevocationCursor } from './revocation-cursor';
import { RevocationFanOut } from './revocation-fan-out';
import { RevocationStream } from './revocation-stream';
import { WatchRevocationsQuery } from './watch-revocations.query';

/**
 * Opens a revocation feed on the store's global log, filtered server-side to `TokenRevoked`
 * and `AccessTokenRevoked` (`eventTypePrefixes`), so it sees every revocation whichever
 * transport or replica made it, with no projection in between. Every watcher of this replica
 * shares one store subscription ({@link RevocationFanOut}); each resumes exclusively after its
 * own cursor, which is what makes a cursor resume without repeating.
 *
 * On shutdown every open feed ends with UNAVAILABLE before the server closes, so watchers
 * reconnect (elsewhere) with their last cursor instead of waiting on a dead stream.
 */
@QueryHandler(WatchRevocationsQuery)
export class WatchRevocationsHandler implements IQueryHandler<WatchRevocationsQuery>, BeforeApplicationShutdown {
  private readonly open = new Set<RevocationStream>();
  private shuttingDown = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly fanOut: RevocationFanOut,
  ) {}

  async execute({ after }: WatchRevocationsQuery): Promise<RevocationStream> {
    if (this.shuttingDown) throw shuttingDown();
    const from = after ?? (await this.head());
    const subscription = this.fanOut.watch(from);
    const stream = new RevocationStream(subscription, from, this.config.revocationFeedHeartbeatMs, this.clock, (ended) => this.open.delete(ended));
    this.open.add(stream);
    // Shutdown may have begun while the head was read.
    if (this.shuttingDown) await stream.abort(shuttingDown());
    return stream;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    await Promise.all([...this.open].map((stream) => stream.abort(shuttingDown())));
    await this.fanOut.close();
  }

  /** The position of the log's last event: "from now" means after it. */
  private async head(): Promise<RevocationCursor> {
    const [last] = await this.store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
    return last ? last.position : 'start';
  }
}

function shuttingDown(): TemporarilyUnavailableError {
  return new TemporarilyUnavailableError('The server is shutting down; reconnect with the last cursor.', 'shutting_down');
}
