import { Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { GrpcModule } from '../grpc/grpc.module';
import { RevocationFanOut } from './revocation-fan-out';
import { RevocationFeedGrpcController } from './revocation-feed.grpc.controller';
import { REVOCATION_EVENT_TYPES } from './revocation-stream';
import { WatchRevocationsHandler } from './watch-revocations.handler';

/** The revocation feed (gRPC `RevocationFeed.Watch`): resource servers follow `TokenRevoked` from a position. */
@Module({
  imports: [GrpcModule],
  controllers: [RevocationFeedGrpcController],
  providers: [
    WatchRevocationsHandler,
    // One store subscription per replica, shared by its watchers.
    {
      provide: RevocationFanOut,
      useFactory: (store: EventStore) => new RevocationFanOut(store, { eventTypePrefixes: REVOCATION_EVENT_TYPES }),
      inject: [EVENT_STORE],
    },
  ],
})
export class RevocationFeedModule {}
