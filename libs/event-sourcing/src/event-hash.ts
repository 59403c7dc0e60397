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
  const data = event.data === undefined ? undefined : canonicalJson(event.data);
  return eventHashOfJson(event, data, canonicalJson(event.metadata));
}

/**
 * {@link eventHash} from the canonical JSON of `data` (`undefined` when there is none: the
 * member is then left out) and `metadata`, for a writer that keeps that text to store it (the
 * event is then serialised once). The canonical form of the whole event is built around the
 * two texts, its keys in sorted order and each value as `canonicalJson` writes it, so it is
 * exactly `canonicalJson` of the event object (a property spec compares the two).
 */
export function eventHashOfJson(
  event: Pick<HashableEvent, 'streamName' | 'revision' | 'id' | 'type'>,
  dataJson: string | undefined,
  metadataJson: string,
): string {
  const data = dataJson === undefined ? '' : `"data":${dataJson},`;
  // One-shot `hash` (Node >= 20.12): one call into C++ instead of a Hash object per event.
  return hash(
    'sha256',
    `{${data}"id":${JSON.stringify(event.id)},"metadata":${metadataJson},` +
      `"revision":"${event.revision.toString()}","streamName":${JSON.stringify(event.streamName)},` +
      `"type":${JSON.stringify(event.type)}}`,
    'hex',
  );
}
