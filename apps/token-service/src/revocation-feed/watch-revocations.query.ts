import { Query } from '@nestjs/cqrs';
import type { RevocationCursor } from './revocation-cursor';
import type { RevocationStream } from './revocation-stream';

/**
 * Watch the log's revocations: every `TokenRevoked` after `after`, then live, with heartbeats.
 * `null` starts from now (the log's head when the query runs).
 */
export class WatchRevocationsQuery extends Query<RevocationStream> {
  constructor(readonly after: RevocationCursor | null) {
    super();
  }
}
