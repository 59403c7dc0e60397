/**
 * `Streams.BatchAppend` (bidirectional): the client keeps one such call open per connection
 * and sends every append on it, tagged with a correlation id and cut into chunks; the chunk
 * with `is_final` commits it (EventStore-Client-NodeJS@v6.2.1
 * `packages/db-client/src/streams/appendToStream/batchAppend.ts`).
 *
 * Answers as EventStore `src/EventStore.Core/Services/Transport/Grpc/Streams.BatchAppend.cs`:
 * one `BatchAppendResp` per append with its correlation id and stream identifier (the client
 * names the stream in its errors from it), and failures in band as a `google.rpc.Status`
 * whose `Any` detail the client unpacks. An append that grows past the maximum size is refused
 * as soon as it does, and its later chunks are ignored.
 */
import { status as GrpcStatus, type handleBidiStreamingCall, type ServerDuplexStream } from '@grpc/grpc-js';

import type { EmulatorContext } from './context';
import { batchStatus, rpcError } from './errors';
import {
  expectedVersionOf,
  GoogleEmpty,
  parseProposal,
  parseUuid,
  shared,
  type status,
  streamIdentifier,
  streamNameOf,
  streams,
} from './protocol';
import { type ProposedEvent, sizeOnDisk, type WriteOutcome } from './store';

interface PendingAppend {
  readonly streamName: string;
  readonly expected: bigint;
  readonly events: ProposedEvent[];
  size: number;
}

type BatchCall = ServerDuplexStream<streams.BatchAppendReq, streams.BatchAppendResp>;

type BatchResult = { readonly error: status.Status } | { readonly success: streams.BatchAppendResp.Success };

export function createBatchAppendHandler(
  context: EmulatorContext,
): handleBidiStreamingCall<streams.BatchAppendReq, streams.BatchAppendResp> {
  return (call) => {
    if (!context.settings.batchAppend) {
      // What a server without BatchAppend (before 21.10) answers.
      return void call.emit('error', rpcError(GrpcStatus.UNIMPLEMENTED, 'Method BatchAppend is not implemented.'));
    }
    const pending = new Map<string, PendingAppend>();
    let failed = false;

    call.on('data', (request: streams.BatchAppendReq) => {
      if (failed) return;
      const correlationId = request.getCorrelationId() ?? new shared.UUID();
      const key = parseUuid(correlationId) ?? '';
      const options = request.getOptions();
      if (options) {
        // A fault fails the whole call, as a node going away does; the client rejects every
        // append in flight and reconnects.
        const fault = context.faults.onCall('BatchAppend');
        if (fault) {
          failed = true;
          return void call.emit('error', fault);
        }
        const streamName = streamNameOf(options.getStreamIdentifier());
        const expected = expectedVersionOf(options.getExpectedStreamPositionCase(), options.getStreamPosition());
        if (streamName === undefined || expected === undefined) {
          return reply(call, correlationId, streamName ?? '', expected, {
            error: batchStatus.badRequest('Required field StreamIdentifier or expected stream position not set.'),
          });
        }
        // A follower forwards the write to the leader, or refuses it (`cluster.ts`): NotLeader
        // fails the whole call, "not ready" is answered in band (`Streams.BatchAppend.cs`).
        const refused = context.gate.refuseWrite(call.metadata);
        if (refused?.inBand) return reply(call, correlationId, streamName, expected, { error: refused.inBand });
        if (refused) {
          failed = true;
          return void call.emit('error', refused.error);
        }
        pending.set(key, { streamName, expected, events: [], size: 0 });
      }
      const append = pending.get(key);
      if (!append) return; // chunks of an append already refused (or never announced)

      for (const message of request.getProposedMessagesList()) {
        const proposal = parseProposal(message);
        if (!proposal.ok) {
          pending.delete(key);
          const problem = 'missing' in proposal ? `Metadata '${proposal.missing}' is required.` : 'Invalid event id.';
          return reply(call, correlationId, append.streamName, append.expected, { error: batchStatus.badRequest(problem) });
        }
        append.size += sizeOnDisk(proposal.event);
        append.events.push(proposal.event);
      }
      if (append.size > context.settings.maxAppendSize) {
        pending.delete(key);
        return reply(call, correlationId, append.streamName, append.expected, {
          error: batchStatus.maximumAppendSizeExceeded(context.settings.maxAppendSize),
        });
      }
      if (!request.getIsFinal()) return;

      pending.delete(key);
      const outcome = context.log.append(append.streamName, append.expected, append.events);
      reply(call, correlationId, append.streamName, append.expected, resultOf(outcome, append));
    });
    call.on('end', () => {
      if (!failed) call.end();
    });
  };
}

function resultOf(outcome: WriteOutcome, append: PendingAppend): BatchResult {
  switch (outcome.kind) {
    case 'stream-deleted':
      return { error: batchStatus.streamDeleted(append.streamName) };
    case 'wrong-expected-version':
      return { error: batchStatus.wrongExpectedVersion(outcome.currentVersion, append.expected) };
    case 'success': {
      // Every oneof set (`BatchAppendResp.cs`, `Success.Completed`).
      const success = new streams.BatchAppendResp.Success();
      if (outcome.lastRevision < 0n) success.setNoStream(new GoogleEmpty());
      else success.setCurrentRevision(outcome.lastRevision.toString());
      if (outcome.position === undefined) success.setNoPosition(new GoogleEmpty());
      else {
        const position = outcome.position.toString();
        success.setPosition(new shared.AllStreamPosition().setCommitPosition(position).setPreparePosition(position));
      }
      return { success };
    }
  }
}

function reply(
  call: BatchCall,
  correlationId: shared.UUID,
  streamName: string,
  expected: bigint | undefined,
  result: BatchResult,
): void {
  const response = new streams.BatchAppendResp()
    .setCorrelationId(correlationId)
    .setStreamIdentifier(streamIdentifier(streamName));
  if ('error' in result) response.setError(result.error);
  else response.setSuccess(result.success);
  // The expected position echoes the request, so that this oneof is set too.
  if (expected === -2n) response.setAny(new GoogleEmpty());
  else if (expected === -1n) response.setNoStream(new GoogleEmpty());
  else if (expected === -4n) response.setStreamExists(new GoogleEmpty());
  else if (expected !== undefined) response.setStreamPosition(expected.toString());
  call.write(response);
}
