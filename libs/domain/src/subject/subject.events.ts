import type { DomainEvent } from '../decider';
import type { EpochMillis } from '../token-family/token-family.events';

/** The stream category of subjects' data keys. */
export const SUBJECT_KEY_CATEGORY = 'subjectKey';

/**
 * `subjectKey-<subjectRef>`: the one stream holding a subject's data key(s). Erasure removes
 * the whole stream (crypto-shredding), so it holds nothing else. A `subjectRef` is base64url
 * and may hold dashes: the category is the part before the first one.
 */
export function subjectKeyStreamName(subjectRef: string): string {
  return `${SUBJECT_KEY_CATEGORY}-${subjectRef}`;
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
