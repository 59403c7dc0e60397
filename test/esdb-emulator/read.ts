/**
 * `Streams.Read` (server streaming): stream reads, `$all` reads and, with the `subscription`
 * option, subscriptions (handed to `subscriptions.ts`).
 *
 * The request shapes are the client's (EventStore-Client-NodeJS@v6.2.1
 * `packages/db-client/src/streams/readStream.ts`, `readAll.ts`, `subscribeToAll.ts`,
 * `subscribeToStream.ts`); which combinations are valid, and what each answers, follow
 * EventStore `src/EventStore.Core/Services/Transport/Grpc/Streams.Read.cs` and the enumerators
 * in `src/EventStore.Core/Services/Transport/Enumerators/`.
 */
import { once } from 'node:events';

import { status as GrpcStatus, type handleServerStreamingCall, type ServerWritableStream } from '@grpc/grpc-js';

import { authorize } from './auth';
import type { EmulatorContext } from './context';
import { invalidArgument, RejectedRequest, rpcError, streamDeleted } from './errors';
import { type LogFilter, parseFilter } from './filter';
import { readEventMessage, streamIdentifier, streamNameOf, streams } from './protocol';
import type { StoredEvent } from './store';

/** A `$all` position as the client sends it. */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export type ReadTarget =
  | { readonly kind: 'stream'; readonly streamName: string; readonly from: 'start' | 'end' | bigint }
  | { readonly kind: 'all'; readonly from: 'start' | 'end' | LogPosition };

export interface ReadRequest {
  readonly target: ReadTarget;
  readonly direction: 'forwards' | 'backwards';
  /** Most events to return; `undefined` for a subscription. */
  readonly count?: bigint;
  readonly filter?: LogFilter;
  /** `uuid_option`: structured (two int64) or string UUIDs in the answer. */
  readonly structuredUuids: boolean;
}

type ReadCall = ServerWritableStream<streams.ReadReq, streams.ReadResp>;

export function createReadHandler(context: EmulatorContext): handleServerStreamingCall<streams.ReadReq, streams.ReadResp> {
  return (call) => {
    const fault = context.faults.onCall('Read');
    if (fault) return void call.emit('error', fault);
    // A follower answers from what it has, unless the call requires the leader (`cluster.ts`).
    const refused = context.gate.refuseRead(call.metadata);
    if (refused) return void call.emit('error', refused);
    let request: ReadRequest;
    try {
      request = parseReadRequest(call.request);
    } catch (error) {
      if (error instanceof RejectedRequest) return void call.emit('error', error.error);
      throw error;
    }
    const readsFrom = request.target.kind === 'all' ? '$all' : request.target.streamName;
    const denied = authorize(context.settings, call.metadata, 'read', readsFrom); // Streams.Read.cs: CheckAccessAsync
    if (denied) return void call.emit('error', denied);
    if (request.count === undefined) return context.subscriptions.start(call, request);
    serveRead(context, call, request).catch((error: unknown) =>
      call.emit('error', rpcError(GrpcStatus.INTERNAL, `Emulator read failed: ${String(error)}`)),
    );
  };
}

/** Compares an event's position (commit = prepare) with a requested position, as a pair. */
export function comparePosition(eventPosition: bigint, position: LogPosition): number {
  if (eventPosition !== position.commit) return eventPosition < position.commit ? -1 : 1;
  if (eventPosition === position.prepare) return 0;
  return eventPosition < position.prepare ? -1 : 1;
}

/** Index of the first event of `$all` for which `test` holds, `test` being monotonic. */
export function firstIndexWhere(all: readonly StoredEvent[], test: (event: StoredEvent) => boolean): number {
  let low = 0;
  let high = all.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(all[middle])) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * Writes one message, waiting for the transport to drain when its buffer is full. Rejects when
 * `signal` aborts (the call was cancelled or the subscription dropped).
 */
export async function send(call: ReadCall, message: streams.ReadResp, signal: AbortSignal): Promise<void> {
  if (call.write(message)) return;
  await once(call, 'drain', { signal });
}

function parseReadRequest(request: streams.ReadReq): ReadRequest {
  const options = request.getOptions();
  if (!options) throw new RejectedRequest(invalidArgument('ReadReq needs options.'));
  const Options = streams.ReadReq.Options;
  if (!options.hasUuidOption()) {
    throw new RejectedRequest(invalidArgument(' `uuidOption` is a required argument of type UUIDOption'));
  }
  const structuredUuids =
    options.getUuidOption()!.getContentCase() === Options.UUIDOption.ContentCase.STRUCTURED;
  const direction = options.getReadDirection() === Options.ReadDirection.BACKWARDS ? 'backwards' : 'forwards';
  const subscription = options.getCountOptionCase() === Options.CountOptionCase.SUBSCRIPTION;
  if (!subscription && options.getCountOptionCase() !== Options.CountOptionCase.COUNT) {
    throw new RejectedRequest(invalidArgument('ReadReq needs count or subscription.'));
  }
  const filter = parseFilter(options);
  const target = parseTarget(options);
  // The combinations `Streams.Read.cs` (`CreateEnumerator`) accepts: no filter on a stream,
  // and subscriptions only forwards.
  if ((target.kind === 'stream' && filter) || (subscription && direction === 'backwards')) {
    throw new RejectedRequest(
      invalidArgument(
        `The combination of (${target.kind}, ${subscription ? 'subscription' : 'count'}, ${direction}, ${filter ? 'filter' : 'no filter'}) is invalid.`,
      ),
    );
  }
  return {
    target,
    direction,
    count: subscription ? undefined : BigInt(options.getCount()),
    filter,
    structuredUuids,
  };
}

function parseTarget(options: streams.ReadReq.Options): ReadTarget {
  const Options = streams.ReadReq.Options;
  switch (options.getStreamOptionCase()) {
    case Options.StreamOptionCase.STREAM: {
      const stream = options.getStream()!;
      const streamName = streamNameOf(stream.getStreamIdentifier());
      if (streamName === undefined) throw new RejectedRequest(invalidArgument('Stream reads need a stream_identifier.'));
      const Case = Options.StreamOptions.RevisionOptionCase;
      switch (stream.getRevisionOptionCase()) {
        case Case.START:
          return { kind: 'stream', streamName, from: 'start' };
        case Case.END:
          return { kind: 'stream', streamName, from: 'end' };
        case Case.REVISION:
          return { kind: 'stream', streamName, from: BigInt(stream.getRevision()) };
        default:
          throw new RejectedRequest(invalidArgument('Stream reads need start, end or a revision.'));
      }
    }
    case Options.StreamOptionCase.ALL: {
      const all = options.getAll()!;
      const Case = Options.AllOptions.AllOptionCase;
      switch (all.getAllOptionCase()) {
        case Case.START:
          return { kind: 'all', from: 'start' };
        case Case.END:
          return { kind: 'all', from: 'end' };
        case Case.POSITION: {
          const position = all.getPosition()!;
          return {
            kind: 'all',
            from: { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) },
          };
        }
        default:
          throw new RejectedRequest(invalidArgument('$all reads need start, end or a position.'));
      }
    }
    default:
      throw new RejectedRequest(invalidArgument('ReadReq needs stream or all.'));
  }
}

async function serveRead(context: EmulatorContext, call: ReadCall, request: ReadRequest): Promise<void> {
  const cancelled = new AbortController();
  call.once('cancelled', () => cancelled.abort());

  let events: readonly StoredEvent[];
  if (request.target.kind === 'stream') {
    const { streamName } = request.target;
    const view = context.reader.viewStream(streamName);
    if (view.status === 'deleted') return void call.emit('error', streamDeleted(streamName));
    if (view.status === 'not-found') {
      // In band: the client turns it into StreamNotFoundError (`ReadStream.ts`).
      call.write(
        new streams.ReadResp().setStreamNotFound(
          new streams.ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(streamName)),
        ),
      );
      return void call.end();
    }
    events = selectFromStream(view.events, request.target.from, request.direction);
  } else {
    const all = context.reader.all.slice(0, context.reader.allLength());
    events = selectFromAll(all, request.target.from, request.direction, request.filter);
    if (request.direction === 'forwards' && startsAtFirstRecord(all, request.target.from)) context.stats.allReadsFromStart += 1;
  }

  const count = request.count!;
  try {
    for (let index = 0; index < events.length && BigInt(index) < count; index += 1) {
      await send(call, new streams.ReadResp().setEvent(readEventMessage(events[index], request.structuredUuids)), cancelled.signal);
      if (request.target.kind === 'all') context.stats.allRecordsRead += 1;
    }
  } catch (error) {
    if (cancelled.signal.aborted) return;
    throw error;
  }
  call.end();
}

/** Whether a forward `$all` read from `from` begins with the log's first record. */
function startsAtFirstRecord(all: readonly StoredEvent[], from: 'start' | 'end' | LogPosition): boolean {
  if (from === 'end') return false;
  return from === 'start' || all.length === 0 || comparePosition(all[0].position, from) >= 0;
}

/**
 * Forwards from a revision includes it; backwards from a revision includes it and goes down.
 * Forwards from the end reads nothing; backwards from the start reads the first event.
 */
function selectFromStream(
  events: readonly StoredEvent[],
  from: 'start' | 'end' | bigint,
  direction: 'forwards' | 'backwards',
): readonly StoredEvent[] {
  if (direction === 'forwards') {
    if (from === 'end') return [];
    return from === 'start' ? events : events.filter((event) => event.revision >= from);
  }
  if (from === 'end') return [...events].reverse();
  const upTo = from === 'start' ? 0n : from;
  return events.filter((event) => event.revision <= upTo).reverse();
}

/**
 * Forwards from P includes the event at P (`ReadAllEventsForward` starts at the record at P);
 * backwards from P starts with the event before P (`AllReader.ReadAllEventsBackward` keeps
 * records that end at or before P, so the one starting at P is left out).
 */
function selectFromAll(
  all: readonly StoredEvent[],
  from: 'start' | 'end' | LogPosition,
  direction: 'forwards' | 'backwards',
  filter: LogFilter | undefined,
): readonly StoredEvent[] {
  let selected: StoredEvent[];
  if (direction === 'forwards') {
    const start =
      from === 'start' ? 0 : from === 'end' ? all.length : firstIndexWhere(all, (event) => comparePosition(event.position, from) >= 0);
    selected = all.slice(start);
  } else {
    const end =
      from === 'start' ? 0 : from === 'end' ? all.length : firstIndexWhere(all, (event) => comparePosition(event.position, from) >= 0);
    selected = all.slice(0, end).reverse();
  }
  return filter ? selected.filter(filter.matches) : selected;
}
