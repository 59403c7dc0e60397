/**
 * The wire vocabulary the emulator shares with `@eventstore/db-client`: its generated protobuf
 * classes, and the conversions between them and the in-memory log.
 *
 * Only the client package's own stubs are loaded (plus the `google-protobuf` runtime resolved
 * from the client's folder, so both sides use the very same classes): loading a second client
 * package in one process breaks the decoding of both (see /work/shared/EVENTSTOREDB.md).
 */
import { dirname } from 'node:path';

import * as shared from '@eventstore/db-client/generated/shared_pb';
import * as streams from '@eventstore/db-client/generated/streams_pb';

import type { ProposedEvent, StoredEvent } from './store';

export { shared, streams };
export * as status from '@eventstore/db-client/generated/status_pb';
export * as code from '@eventstore/db-client/generated/code_pb';
export * as serverFeatures from '@eventstore/db-client/generated/serverfeatures_pb';
export * as gossip from '@eventstore/db-client/generated/gossip_pb';

const clientFolder = dirname(require.resolve('@eventstore/db-client/package.json'));

/** Loads a `google-protobuf` module as the client's stubs see it. */
function fromClientFolder<T>(id: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve(id, { paths: [clientFolder] })) as T;
}

/** `google.protobuf.Any`, for the details of the in-band `google.rpc.Status` of BatchAppend. */
export const { Any } = fromClientFolder<typeof import('google-protobuf/google/protobuf/any_pb')>(
  'google-protobuf/google/protobuf/any_pb',
);
/** `google.protobuf.Empty` (a few BatchAppend and `WrongExpectedVersion` fields use it, not `event_store.client.Empty`). */
export const { Empty: GoogleEmpty } = fromClientFolder<
  typeof import('google-protobuf/google/protobuf/empty_pb')
>('google-protobuf/google/protobuf/empty_pb');

/** `uint64` revision of a tombstone record (`EventNumber.DeletedStream`, long.MaxValue). */
export const DELETED_STREAM_REVISION = 9_223_372_036_854_775_807n;

/** .NET ticks (100 ns) per millisecond: `created` is ticks since the Unix epoch on the wire. */
export const TICKS_PER_MILLISECOND = 10_000n;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A UUID in canonical lowercase form, or `undefined` when the message holds none or garbage. */
export function parseUuid(uuid: shared.UUID | undefined): string | undefined {
  if (!uuid) return undefined;
  if (uuid.hasStructured()) {
    // Structured UUIDs are two signed int64 halves of the big-endian (RFC 4122) byte order,
    // as the server's `Uuid.ToDto()` writes them and the client's `parseUUID` reads them
    // (EventStore-Client-NodeJS@v6.2.1 packages/db-client/src/utils/grpcUUID.ts).
    const structured = uuid.getStructured()!;
    const half = (value: string) => BigInt.asUintN(64, BigInt(value)).toString(16).padStart(16, '0');
    const hex = half(structured.getMostSignificantBits()) + half(structured.getLeastSignificantBits());
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  const text = uuid.getString().toLowerCase();
  return UUID_PATTERN.test(text) ? text : undefined;
}

/** A UUID message in the form the reader asked for with `uuid_option`. */
export function uuidMessage(id: string, structured: boolean): shared.UUID {
  const uuid = new shared.UUID();
  if (!structured) return uuid.setString(id);
  const hex = id.replace(/-/g, '');
  const half = (digits: string) => BigInt.asIntN(64, BigInt(`0x${digits}`)).toString(10);
  return uuid.setStructured(
    new shared.UUID.Structured()
      .setMostSignificantBits(half(hex.slice(0, 16)))
      .setLeastSignificantBits(half(hex.slice(16))),
  );
}

/** The stream name carried by a `StreamIdentifier` (UTF-8 bytes on the wire). */
export function streamNameOf(identifier: shared.StreamIdentifier | undefined): string | undefined {
  if (!identifier) return undefined;
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

export function streamIdentifier(streamName: string): shared.StreamIdentifier {
  return new shared.StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(streamName, 'utf8')));
}

/**
 * One event as `ReadResp.ReadEvent`, every field and oneof set as the server sets them
 * (EventStore `src/EventStore.Core/Services/Transport/Grpc/Streams.Read.cs`, `ConvertToRecordedEvent`):
 * metadata `type`, `content-type` (`application/json` or `application/octet-stream`, nothing
 * else) and `created` (ticks since the Unix epoch); commit and prepare positions on stream
 * reads too, because every event the server writes today commits itself.
 */
export function readEventMessage(event: StoredEvent, structuredUuids: boolean): streams.ReadResp.ReadEvent {
  const recorded = new streams.ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(event.eventId, structuredUuids))
    .setStreamIdentifier(streamIdentifier(event.streamName))
    .setStreamRevision(event.revision.toString())
    .setPreparePosition(event.position.toString())
    .setCommitPosition(event.position.toString())
    .setCustomMetadata(event.customMetadata)
    .setData(event.data);
  recorded
    .getMetadataMap()
    .set('type', event.type)
    .set('created', event.created.toString())
    .set('content-type', event.isJson ? 'application/json' : 'application/octet-stream');
  return new streams.ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(event.position.toString());
}

/**
 * The expected version of an `Append`, `BatchAppend`, `Delete` or `Tombstone` request, whose
 * oneofs share one numbering (revision 2, no_stream 3, any 4, stream_exists 5), as an int64:
 * a revision, or any -2, no_stream -1, stream_exists -4 (EventStore `AnyStreamRevision`).
 */
export function expectedVersionOf(oneofCase: number, revision: string): bigint | undefined {
  switch (oneofCase) {
    case 2:
      return BigInt(revision);
    case 3:
      return -1n;
    case 4:
      return -2n;
    case 5:
      return -4n;
    default:
      return undefined;
  }
}

/** A proposed event off the wire, or why the server would refuse it. */
export type ParsedProposal =
  | { readonly ok: true; readonly event: ProposedEvent }
  | { readonly ok: false; readonly missing: 'type' | 'content-type' }
  | { readonly ok: false; readonly invalidId: true };

/**
 * `type` and `content-type` metadata are required; the event is JSON exactly when its
 * content type is `application/json` (EventStore `Streams.Append.cs`).
 */
export function parseProposal(
  message: streams.AppendReq.ProposedMessage | streams.BatchAppendReq.ProposedMessage,
): ParsedProposal {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  if (type === undefined) return { ok: false, missing: 'type' };
  const contentType = metadata.get('content-type');
  if (contentType === undefined) return { ok: false, missing: 'content-type' };
  const eventId = parseUuid(message.getId());
  if (eventId === undefined) return { ok: false, invalidId: true };
  return {
    ok: true,
    event: {
      eventId,
      type,
      isJson: contentType === 'application/json',
      data: message.getData_asU8(),
      customMetadata: message.getCustomMetadata_asU8(),
    },
  };
}
