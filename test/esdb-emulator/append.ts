/**
 * `Streams.Append` (client streaming): the path the client takes when the server does not
 * advertise `BatchAppend`. First message `options` (stream, expected revision), then one
 * `proposed_message` per event (EventStore-Client-NodeJS@v6.2.1
 * `packages/db-client/src/streams/appendToStream/append.ts`).
 *
 * Answers as EventStore `src/EventStore.Core/Services/Transport/Grpc/Streams.Append.cs`: a
 * wrong expected version is in band (status OK, `wrong_expected_version` with both the current
 * and the deprecated 20.6.0 oneofs set); a deleted stream, a missing metadata property and an
 * oversized append are statuses with an `exception` trailer. The caller's right to write the
 * stream is checked once the options arrive (`CheckAccessAsync`, then `AccessDenied`); a
 * prepare or commit timeout is ABORTED "Operation timed out" (`RpcExceptions.Timeout`).
 *
 * Faults (`faults.ts`): `LOST_REPLY` commits the append and then answers UNAVAILABLE;
 * `DEADLINE` writes nothing and answers the timeout after the server's write timeout.
 */
import type { handleClientStreamingCall, sendUnaryData } from '@grpc/grpc-js';

import { authorize } from './auth';
import type { EmulatorContext } from './context';
import {
  invalidArgument,
  maximumAppendSizeExceeded,
  operationTimedOut,
  requiredMetadataPropertyMissing,
  streamDeleted,
} from './errors';
import { expectedVersionOf, parseProposal, shared, streamNameOf, streams } from './protocol';
import { type ProposedEvent, sizeOnDisk, type WriteOutcome } from './store';

export function createAppendHandler(context: EmulatorContext): handleClientStreamingCall<streams.AppendReq, streams.AppendResp> {
  return (call, callback: sendUnaryData<streams.AppendResp>) => {
    const fault = context.faults.onAppend('Append');
    if (fault?.kind === 'UNAVAILABLE' || fault?.kind === 'NOT_LEADER' || fault?.kind === 'ACCESS_DENIED') {
      return callback(context.faults.errorFor(fault.kind));
    }
    // A follower forwards the write to the leader, or refuses it (`cluster.ts`).
    const refused = context.gate.refuseWrite(call.metadata);
    if (refused) return callback(refused.error);

    let answered = false;
    const answer: sendUnaryData<streams.AppendResp> = (error, response) => {
      if (answered) return;
      answered = true;
      callback(error, response);
    };
    let target: { streamName: string; expected: bigint } | undefined;
    const events: ProposedEvent[] = [];
    let size = 0;

    call.on('data', (request: streams.AppendReq) => {
      if (answered) return;
      if (!target) {
        const options = request.getOptions();
        const streamName = streamNameOf(options?.getStreamIdentifier());
        const expected = options && expectedVersionOf(options.getExpectedStreamRevisionCase(), options.getRevision());
        if (streamName === undefined || expected === undefined) {
          return answer(invalidArgument('The first AppendReq must be options with a stream and an expected revision.'));
        }
        const denied = authorize(context.settings, call.metadata, 'write', streamName);
        if (denied) return answer(denied);
        target = { streamName, expected };
        return;
      }
      const message = request.getProposedMessage();
      if (!message) return answer(invalidArgument('After the options, every AppendReq must be a proposed message.'));
      const proposal = parseProposal(message);
      if (!proposal.ok) {
        return answer(
          'missing' in proposal
            ? requiredMetadataPropertyMissing(proposal.missing)
            : invalidArgument('A proposed message needs a valid UUID id.'),
        );
      }
      size += sizeOnDisk(proposal.event);
      if (size > context.settings.maxAppendSize) return answer(maximumAppendSizeExceeded(context.settings.maxAppendSize));
      events.push(proposal.event);
    });

    call.on('end', () => {
      if (answered) return;
      if (!target) return answer(invalidArgument('An append needs options.'));
      if (fault?.kind === 'DEADLINE') {
        const { streamName } = target;
        const timer = setTimeout(
          () => answer(operationTimedOut(`Append to ${streamName} did not complete (injected fault)`)),
          context.settings.writeTimeoutMs,
        );
        timer.unref();
        call.once('cancelled', () => clearTimeout(timer));
        return;
      }
      const outcome = context.log.append(target.streamName, target.expected, events);
      // Committed (or refused); the answer is lost on the way back.
      if (fault?.kind === 'LOST_REPLY') {
        if (fault.forgetRecentAppends) context.log.forgetRecentAppends();
        return answer(context.faults.errorFor('LOST_REPLY'));
      }
      if (outcome.kind === 'stream-deleted') return answer(streamDeleted(target.streamName));
      answer(null, appendResponse(outcome, target.expected));
    });
  };
}

function appendResponse(outcome: Exclude<WriteOutcome, { kind: 'stream-deleted' }>, expected: bigint): streams.AppendResp {
  if (outcome.kind === 'success') {
    const success = new streams.AppendResp.Success();
    if (outcome.lastRevision < 0n) success.setNoStream(new shared.Empty());
    else success.setCurrentRevision(outcome.lastRevision.toString());
    if (outcome.position === undefined) success.setNoPosition(new shared.Empty());
    else {
      const position = outcome.position.toString();
      success.setPosition(new streams.AppendResp.Position().setCommitPosition(position).setPreparePosition(position));
    }
    return new streams.AppendResp().setSuccess(success);
  }

  const wrong = new streams.AppendResp.WrongExpectedVersion();
  if (outcome.currentVersion < 0n) {
    wrong.setCurrentNoStream(new shared.Empty()).setNoStream2060(new shared.Empty());
  } else {
    wrong
      .setCurrentRevision(outcome.currentVersion.toString())
      .setCurrentRevision2060(Number(outcome.currentVersion));
  }
  if (expected === -2n) wrong.setExpectedAny(new shared.Empty()).setAny2060(new shared.Empty());
  else if (expected === -4n) wrong.setExpectedStreamExists(new shared.Empty()).setStreamExists2060(new shared.Empty());
  // The server also sets the deprecated `expected_revision_20_6_0` to ulong.MaxValue here; the
  // client's stubs type that field as a JS number, which cannot encode it, and no client reads it.
  else if (expected === -1n) wrong.setExpectedNoStream(new shared.Empty());
  else wrong.setExpectedRevision(expected.toString()).setExpectedRevision2060(Number(expected));
  return new streams.AppendResp().setWrongExpectedVersion(wrong);
}
