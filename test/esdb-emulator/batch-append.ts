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
 * as soon as it does, and its later chunks are ignored. So are appends the caller may not
 * write (`AccessDenied`, in band: the call stays open for the next append) and appends past
 * their deadline (`Timeout`, in band).
 *
 * Faults (`faults.ts`), per append: `UNAVAILABLE` and `NOT_LEADER` end the whole call (a node
 * going away; the server's own NotLeader reply also fails the call, `ConvertMessage` throws
 * `RpcExceptions.LeaderInfo`); `ACCESS_DENIED` refuses that append in band; `LOST_REPLY`
 * commits it and then ends the call with UNAVAILABLE; `DEADLINE` holds it until its timeout
 * answers `Timeout`, writing nothing.
 */
import { status as GrpcStatus, type handleBidiStreamingCall, type ServerDuplexStream } from '@grpc/grpc-js';

import { authorize } from './auth';
import type { EmulatorContext } from './context';
import { accessDenied, batchStatus, rpcError, type RpcError } from './errors';
import type { AppendFault } from './faults';
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
  /** Answers `Timeout` if the append is still pending when it fires. */
  readonly timer: NodeJS.Timeout;
  /** A fault that strikes when the final chunk arrives (`LOST_REPLY`, `DEADLINE`). */
  readonly fault?: AppendFault;
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
    const forget = (key: string): void => {
      const append = pending.get(key);
      if (append) clearTimeout(append.timer);
      pending.delete(key);
    };
    /** Ends the whole call with an error, as a node going away does; the client rejects every append in flight. */
    const fail = (error: RpcError): void => {
      failed = true;
      for (const key of [...pending.keys()]) forget(key);
      call.emit('error', error);
    };
    call.on('cancelled', () => {
      failed = true;
      for (const key of [...pending.keys()]) forget(key);
    });

    call.on('data', (request: streams.BatchAppendReq) => {
      if (failed) return;
      const correlationId = request.getCorrelationId() ?? new shared.UUID();
      const key = parseUuid(correlationId) ?? '';
      const options = request.getOptions();
      if (options) {
        const fault = context.faults.onAppend('BatchAppend');
        if (fault?.kind === 'UNAVAILABLE' || fault?.kind === 'NOT_LEADER') return fail(context.faults.errorFor(fault.kind));
        const streamName = streamNameOf(options.getStreamIdentifier());
        const expected = expectedVersionOf(options.getExpectedStreamPositionCase(), options.getStreamPosition());
        // `Receive` in Streams.BatchAppend.cs, in its order: the timeout, the access check, the
        // request's shape, a deadline already passed. Each refusal answers this append alone
        // and ignores its later chunks; the call stays open.
        const timeoutMs = Math.min(deadlineOf(options) - context.faults.serverNow(), context.settings.writeTimeoutMs);
        const denied =
          fault?.kind === 'ACCESS_DENIED'
            ? accessDenied()
            : authorize(context.settings, call.metadata, 'write', streamName ?? '');
        if (denied?.code === GrpcStatus.UNAUTHENTICATED) return fail(denied);
        if (denied) {
          return reply(call, correlationId, streamName ?? '', expected, { error: batchStatus.accessDenied() });
        }
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
        if (!(timeoutMs > 0)) {
          return reply(call, correlationId, streamName, expected, { error: batchStatus.timeout() });
        }
        forget(key);
        // `ClientWriteRequest`: once the timeout has passed, an append still pending (its final
        // chunk not yet received, or held by a DEADLINE fault) is answered `Timeout`.
        const timer = setTimeout(() => {
          if (failed || pending.get(key)?.timer !== timer) return;
          pending.delete(key);
          reply(call, correlationId, streamName, expected, { error: batchStatus.timeout() });
        }, timeoutMs);
        timer.unref();
        pending.set(key, {
          streamName,
          expected,
          events: [],
          size: 0,
          timer,
          fault: fault?.kind === 'LOST_REPLY' || fault?.kind === 'DEADLINE' ? fault : undefined,
        });
      }
      const append = pending.get(key);
      if (!append) return; // chunks of an append already refused (or never announced)

      for (const message of request.getProposedMessagesList()) {
        const proposal = parseProposal(message);
        if (!proposal.ok) {
          forget(key);
          const problem = 'missing' in proposal ? `Metadata '${proposal.missing}' is required.` : 'Invalid event id.';
          return reply(call, correlationId, append.streamName, append.expected, { error: batchStatus.badRequest(problem) });
        }
        append.size += sizeOnDisk(proposal.event);
        append.events.push(proposal.event);
      }
      if (append.size > context.settings.maxAppendSize) {
        forget(key);
        return reply(call, correlationId, append.streamName, append.expected, {
          error: batchStatus.maximumAppendSizeExceeded(context.settings.maxAppendSize),
        });
      }
      if (!request.getIsFinal()) return;

      // The write never completes: the timer answers `Timeout`.
      if (append.fault?.kind === 'DEADLINE') return;
      forget(key);
      const outcome = context.log.append(append.streamName, append.expected, append.events);
      // Committed; the connection goes before the answer does.
      if (append.fault?.kind === 'LOST_REPLY') {
        if (append.fault.forgetRecentAppends) context.log.forgetRecentAppends();
        return fail(context.faults.errorFor('LOST_REPLY'));
      }
      reply(call, correlationId, append.streamName, append.expected, resultOf(outcome, append));
    });
    call.on('end', () => {
      if (failed) return;
      for (const key of [...pending.keys()]) forget(key);
      call.end();
    });
  };
}

/**
 * The client's deadline in milliseconds since the epoch. Client 6.2.1 sends it as an absolute
 * `Timestamp` (`deadline_21_10_0`, field 6; `batchAppend.ts`: `Timestamp.fromDate(
 * this.createDeadline(...))`, now + `defaultDeadline`, 10 s), which the server compares with
 * its own clock (`GetRequestedTimeout`: `Deadline21100.ToDateTime() - DateTime.UtcNow`), so
 * clock skew between the two moves it. None: no limit but the write timeout.
 */
function deadlineOf(options: streams.BatchAppendReq.Options): number {
  const deadline = options.getDeadline();
  return deadline ? deadline.toDate().getTime() : Number.POSITIVE_INFINITY;
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
