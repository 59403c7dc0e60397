import type { RecordedEvent } from '@ledger/event-sourcing';
import { ERASED } from '@ledger/domain';
import type { PersonalDataView, SubjectKeys } from './subject-keys';

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
  /**
   * The personal fields `data` holds encrypted (`data.personal`), as read through the subject's
   * data key, or `[erased]` each once the key is destroyed. Absent for an event without them (and
   * for an older `TokenIssued`, whose `data` holds them in plaintext). `data` itself stays exactly
   * as stored, so an exported event still hashes to its chain link.
   */
  readonly personal?: PersonalJson;
}

/** {@link RecordedEventJson.personal}. */
export interface PersonalJson {
  readonly subjectRef: string;
  readonly subject: string;
  readonly username?: string;
  readonly userId?: string;
  readonly groups?: readonly string[];
  /** `true` when the subject was erased: its data key is destroyed and every field reads `[erased]`. */
  readonly erased: boolean;
}

/** The JSON form of a recorded event (the hash chain covers `id`, `type`, `data`, `metadata`). */
export function recordedEventJson(event: RecordedEvent, personal?: PersonalDataView): RecordedEventJson {
  const shown = personal ? personalJson(personal) : undefined;
  return {
    streamName: event.streamName,
    revision: event.revision.toString(),
    position: { commit: event.position.commit.toString(), prepare: event.position.prepare.toString() },
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
    ...(shown ? { personal: shown } : {}),
  };
}

/** {@link recordedEventJson} with the personal fields read through the subject's key. */
export async function auditEventJson(event: RecordedEvent, keys: SubjectKeys): Promise<RecordedEventJson> {
  return recordedEventJson(event, await keys.personalOf(event.data));
}

/** {@link ndjsonLine} with the personal fields read through the subject's key. */
export async function auditNdjsonLine(event: RecordedEvent, keys: SubjectKeys): Promise<string> {
  return `${JSON.stringify(await auditEventJson(event, keys))}\n`;
}

function personalJson(view: PersonalDataView): PersonalJson | undefined {
  switch (view.kind) {
    case 'plaintext':
      return undefined;
    case 'erased':
      return { subjectRef: view.subjectRef, subject: ERASED, username: ERASED, userId: ERASED, groups: [ERASED], erased: true };
    case 'decrypted':
      return { subjectRef: view.subjectRef, ...view.fields, erased: false };
  }
}

/** One NDJSON line (with its newline) for an event. */
export function ndjsonLine(event: RecordedEvent): string {
  return `${JSON.stringify(recordedEventJson(event))}\n`;
}
