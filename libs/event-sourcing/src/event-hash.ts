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
  // One-shot `hash` (Node >= 20.12): one call into C++ instead of a Hash object per event.
  return hash(
    'sha256',
    canonicalJson({
      streamName: event.streamName,
      revision: event.revision.toString(),
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
    }),
    'hex',
  );
}
