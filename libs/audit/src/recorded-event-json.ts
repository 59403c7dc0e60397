import type { RecordedEvent } from '@ledger/event-sourcing';

/**
 * An event as the audit API and the CLI write it: everything the store holds, with revisions
 * and positions as decimal strings (they are 64-bit and JSON numbers are not) and the recording
 * time in ISO 8601.
 */
export interface RecordedEventJson {
  readonly streamName: string;
  readonly revision: string;
  readonly position: { readonly commit: string; readonly prepare: string };
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recordedAt: string;
}

/** The JSON form of a recorded event (the hash chain covers `id`, `type`, `data`, `metadata`). */
export function recordedEventJson(event: RecordedEvent): RecordedEventJson {
  return {
    streamName: event.streamName,
    revision: event.revision.toString(),
    position: { commit: event.position.commit.toString(), prepare: event.position.prepare.toString() },
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
  };
}

/** One NDJSON line (with its newline) for an event. */
export function ndjsonLine(event: RecordedEvent): string {
  return `${JSON.stringify(recordedEventJson(event))}\n`;
}
