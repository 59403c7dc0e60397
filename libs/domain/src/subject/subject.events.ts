import type { DomainEvent } from '../decider';
import type { EpochMillis } from '../token-family/token-family.events';

/** The stream category of subjects' data keys. */
export const SUBJECT_KEY_CATEGORY = 'subjectKey';

/**
 * `subjectKey-<subjectRef>.<keyId>`: the stream holding one data key of a subject, and nothing
 * else, so erasure removes it whole (crypto-shredding). One stream per key, never reused: a
 * subject issued tokens again after its erasure gets a new key in a new stream, so no revision
 * of a removed stream is ever written again (its removal record stays the truth about it). A
 * `subjectRef` and a `keyId` are base64url (no `.`; dashes, so the category is the part before
 * the first one).
 */
export function subjectKeyStreamName(subjectRef: string, keyId: string): string {
  return `${SUBJECT_KEY_CATEGORY}-${subjectRef}.${keyId}`;
}

/** The subject ref and key id a {@link subjectKeyStreamName} names, or `null`. */
export function parseSubjectKeyStreamName(streamName: string): { subjectRef: string; keyId: string } | null {
  const match = /^subjectKey-([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(streamName);
  return match ? { subjectRef: match[1], keyId: match[2] } : null;
}

/** The stream category of subjects' key indexes. */
export const SUBJECT_KEY_INDEX_CATEGORY = 'subjectKeys';

/**
 * `subjectKeys-<subjectRef>`: which key encrypts the subject's new issuances
 * (`SubjectDataKeyAssigned`). Kept after an erasure: it holds random key ids only, and it is
 * how the erasure finds every key stream of the subject to remove.
 */
export function subjectKeyIndexStreamName(subjectRef: string): string {
  return `${SUBJECT_KEY_INDEX_CATEGORY}-${subjectRef}`;
}

/** The key `keyId` (its stream {@link subjectKeyStreamName}) now encrypts the subject's new issuances. */
export interface SubjectDataKeyAssignedData {
  readonly subjectRef: string;
  readonly keyId: string;
  readonly assignedAt: EpochMillis;
}

/** The stream of erasures: one `SubjectErased` per request, no personal data in any of them. */
export const SUBJECT_ERASURES_STREAM = 'subjectErasures';

/**
 * A data key for one subject's personal fields, wrapped under the key-encryption key (as the
 * signing keys' private halves are). `keyId` names it in the `kid` of every ciphertext it made,
 * so a stream that ever holds two keys (a racing re-creation after an erasure) stays readable.
 */
export interface SubjectDataKeyCreatedData {
  readonly subjectRef: string;
  readonly keyId: string;
  /** Compact JWE of an `oct` JWK under the KEK its header names. */
  readonly wrappedKey: string;
  readonly createdAt: EpochMillis;
}

/**
 * A subject's data key wrapped anew, under the current key-encryption key (the key itself is
 * unchanged, so every ciphertext it made still opens), so the previous KEK can be retired.
 */
export interface SubjectDataKeyRewrappedData {
  readonly subjectRef: string;
  readonly keyId: string;
  readonly wrappedKey: string;
}

/**
 * A subject was erased (GDPR Art. 17): its families were revoked and its data key is about to be
 * destroyed. Holds the pseudonym only: the subject, its username and claims are in no event.
 */
export interface SubjectErasedData {
  readonly subjectRef: string;
  readonly erasedAt: EpochMillis;
  /** `admin:<name>`. */
  readonly requestedBy: string;
}

export type SubjectDataKeyCreated = DomainEvent<'SubjectDataKeyCreated', SubjectDataKeyCreatedData>;
export type SubjectDataKeyRewrapped = DomainEvent<'SubjectDataKeyRewrapped', SubjectDataKeyRewrappedData>;
export type SubjectErased = DomainEvent<'SubjectErased', SubjectErasedData>;
export type SubjectDataKeyAssigned = DomainEvent<'SubjectDataKeyAssigned', SubjectDataKeyAssignedData>;
