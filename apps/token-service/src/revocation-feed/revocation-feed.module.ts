import { Module } from '@nestjs/common';
import { GrpcModule } from '../grpc/grpc.module';
import { RevocationFeedGrpcController } from './revocation-feed.grpc.controller';
import { WatchRevocationsHandler } from './watch-revocations.handler';

/** The revocation feed (gRPC `RevocationFeed.Watch`): resource servers follow `TokenRevoked` from a position. */
@Module({
  imports: [GrpcModule],
  controllers: [RevocationFeedGrpcController],
  providers: [WatchRevocationsHandler],
})
export class RevocationFeedModule {}
