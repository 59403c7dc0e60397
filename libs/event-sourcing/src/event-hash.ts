import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { EventMetadata } from './event-store.port';

/** The parts of an event that its hash covers: everything the writer chose, nothing the store assigned. */
export interface HashableEvent {
  readonly streamName: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/**
 * SHA-256 (hex) of an event's canonical form. Each event's metadata carries the hash of the
 * previous event of its stream (`previousEventHash`), so a stream is a tamper-evident chain:
 * editing any stored event breaks the link to its successor.
 */
export function eventHash(event: HashableEvent): string {
  return eventHashOfJson(event, event.data === undefined ? undefined : canonicalJson(event.data), canonicalJson(event.metadata));
}

/**
 * {@link eventHash} from the canonical JSON of the event's data and metadata, for a writer that
 * has made them anyway (the command loop stores that same text). The envelope is written out
 * here with its keys in canonical order, so it is byte for byte the `canonicalJson` of the
 * whole event that {@link eventHash} defines (the spec checks the two against each other).
 *
 * @param dataJson `canonicalJson(data)`, or undefined when `data` is (the member is then left
 *   out, as `canonicalJson` leaves out undefined members).
 * @param metadataJson `canonicalJson(metadata)`.
 */
export function eventHashOfJson(
  event: Pick<HashableEvent, 'streamName' | 'revision' | 'id' | 'type'>,
  dataJson: string | undefined,
  metadataJson: string,
): string {
  const envelope =
    `{${dataJson === undefined ? '' : `"data":${dataJson},`}"id":${JSON.stringify(event.id)},"metadata":${metadataJson},` +
    `"revision":"${event.revision.toString()}","streamName":${JSON.stringify(event.streamName)},"type":${JSON.stringify(event.type)}}`;
  // One-shot `hash` (Node >= 20.12): one call into C++ instead of a Hash object per event.
  return hash('sha256', envelope, 'hex');
}
