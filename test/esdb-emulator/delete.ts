/**
 * `Streams.Delete` (soft delete) and `Streams.Tombstone` (hard delete), both unary with an
 * expected revision (EventStore-Client-NodeJS@v6.2.1 `packages/db-client/src/streams/deleteStream.ts`,
 * `tombstoneStream.ts`).
 *
 * Answers as EventStore `src/EventStore.Core/Services/Transport/Grpc/Streams.Delete.cs`:
 * the position of the record written, or a status with an `exception` trailer
 * (`wrong-expected-version`, `stream-deleted`). Both operations name themselves "Delete" in the
 * wrong-expected-version message, as the server's shared `DeleteInternal` does.
 *
 * What each writes to `$all` (so that system events reach subscribers, as on a real node):
 * - soft delete: a `$metadata` event in `$$<stream>` (`{"$tb":9223372036854775807}`); reads then
 *   answer `stream_not_found`, and a later append recreates the stream from the next revision;
 * - tombstone: a `$streamDeleted` event in the stream itself (revision long.MaxValue); every
 *   later append, read or delete answers `stream-deleted`.
 */
import type { handleUnaryCall, Metadata, sendUnaryData } from '@grpc/grpc-js';

import { authorize } from './auth';
import type { EmulatorContext } from './context';
import type { EmulatedMethod } from './faults';
import { invalidArgument, streamDeleted, wrongExpectedVersion } from './errors';
import { expectedVersionOf, shared, streamNameOf, streams } from './protocol';
import type { WriteOutcome } from './store';

type DeleteLikeRequest = streams.DeleteReq | streams.TombstoneReq;

export function createDeleteHandler(context: EmulatorContext): handleUnaryCall<streams.DeleteReq, streams.DeleteResp> {
  return (call, callback: sendUnaryData<streams.DeleteResp>) =>
    handle(context, 'Delete', call.request, call.metadata, callback, (streamName, expected) => context.log.softDelete(streamName, expected), (position) =>
      position === undefined
        ? new streams.DeleteResp().setNoPosition(new shared.Empty())
        : new streams.DeleteResp().setPosition(
            new streams.DeleteResp.Position().setCommitPosition(position).setPreparePosition(position),
          ),
    );
}

export function createTombstoneHandler(context: EmulatorContext): handleUnaryCall<streams.TombstoneReq, streams.TombstoneResp> {
  return (call, callback: sendUnaryData<streams.TombstoneResp>) =>
    handle(context, 'Tombstone', call.request, call.metadata, callback, (streamName, expected) => context.log.tombstone(streamName, expected), (position) =>
      position === undefined
        ? new streams.TombstoneResp().setNoPosition(new shared.Empty())
        : new streams.TombstoneResp().setPosition(
            new streams.TombstoneResp.Position().setCommitPosition(position).setPreparePosition(position),
          ),
    );
}

function handle<Response>(
  context: EmulatorContext,
  method: EmulatedMethod,
  request: DeleteLikeRequest,
  metadata: Metadata,
  callback: sendUnaryData<Response>,
  write: (streamName: string, expected: bigint) => WriteOutcome,
  respond: (position: string | undefined) => Response,
): void {
  const fault = context.faults.onCall(method);
  if (fault) return callback(fault);
  // A follower forwards the write to the leader, or refuses it (`cluster.ts`).
  const refused = context.gate.refuseWrite(metadata);
  if (refused) return callback(refused.error);
  const options = request.getOptions();
  const streamName = streamNameOf(options?.getStreamIdentifier());
  const expected = options && expectedVersionOf(options.getExpectedStreamRevisionCase(), options.getRevision());
  if (streamName === undefined || expected === undefined) {
    return callback(invalidArgument(`${method} needs a stream and an expected revision.`));
  }
  // Streams.Delete.cs: `CheckAccessAsync(user, DeleteOperation...)`, then AccessDenied.
  const denied = authorize(context.settings, metadata, 'delete', streamName);
  if (denied) return callback(denied);
  const outcome = write(streamName, expected);
  switch (outcome.kind) {
    case 'stream-deleted':
      return callback(streamDeleted(streamName));
    case 'wrong-expected-version':
      return callback(wrongExpectedVersion('Delete', streamName, expected, outcome.currentVersion));
    case 'success':
      return callback(null, respond(outcome.position?.toString()));
  }
}
