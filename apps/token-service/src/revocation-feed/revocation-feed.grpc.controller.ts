import { Controller, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import type { Observable } from 'rxjs';
import { GrpcCall, requestFields } from '../grpc/grpc-call';
import { GrpcCredentials } from '../grpc/grpc-credentials';
import { PermissionDeniedError } from '../grpc/grpc-errors';
import { GrpcExceptionFilter } from '../grpc/grpc-exception.filter';
import { streamToCall, type DrainableCall } from '../grpc/stream-to-call';
import { decodeRevocationCursor } from './revocation-cursor';
import type { RevocationFeedMessage } from './revocation-stream';
import { WatchRevocationsQuery } from './watch-revocations.query';

/** `tokenledger.v1.WatchRequest`. */
interface WatchRequest {
  readonly after: string;
}

/**
 * `RevocationFeed.Watch`: resource servers drop revoked families as the log records them,
 * instead of polling introspection (SPEC §6.5). Any client authenticated by its secret, or the
 * admin, may watch: the feed names families and reasons only, no subject or requester.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class RevocationFeedGrpcController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('RevocationFeed', 'Watch')
  async watch(request: unknown, metadata: Metadata, call: DrainableCall & { getPeer(): string }): Promise<Observable<RevocationFeedMessage>> {
    const grpcCall = GrpcCall.of(metadata, call);
    const principal = await this.credentials.authenticate(grpcCall, ['client', 'admin']);
    // A public client proves nothing about who is calling.
    if (principal.role === 'client' && principal.method === 'none') {
      throw new PermissionDeniedError('Public clients cannot watch the revocation feed.', 'public_client');
    }
    const { after } = requestFields<WatchRequest>(request);
    const stream = await this.queryBus.execute(new WatchRevocationsQuery(after === undefined ? null : decodeRevocationCursor(after)));
    return streamToCall(stream, call);
  }
}
