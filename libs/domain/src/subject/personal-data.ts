import type { TokenIssuedData } from '../token-family/token-family.events';

/** What a reader shows in place of a personal field whose key was destroyed. */
export const ERASED = '[erased]';

/** The fields of `TokenIssued` that identify a person (GDPR personal data). */
export interface PersonalFields {
  readonly subject: string;
  readonly username?: string;
  readonly userId?: string;
  readonly groups?: readonly string[];
}

/** The personal fields as stored: the subject's pseudonym and their JWE under its data key. */
export interface StoredPersonal {
  readonly subjectRef: string;
  /** Compact JWE (`dir`, `A256GCM`) of the canonical JSON of {@link PersonalFields}. */
  readonly ciphertext: string;
}

/** `TokenIssued` as stored since personal fields are encrypted: `personal` instead of the four fields. */
export type StoredTokenIssuedData = Omit<TokenIssuedData, keyof PersonalFields> & { readonly personal: StoredPersonal };

/** The personal fields of an issuance, only those it has. */
export function personalFieldsOf(d: PersonalFields): PersonalFields {
  return {
    subject: d.subject,
    ...(d.username !== undefined ? { username: d.username } : {}),
    ...(d.userId !== undefined ? { userId: d.userId } : {}),
    ...(d.groups !== undefined ? { groups: [...d.groups] } : {}),
  };
}

/** An issuance without its personal fields (what is stored beside `personal`). */
export function withoutPersonalFields<D extends PersonalFields>(d: D): Omit<D, keyof PersonalFields> {
  const { subject: _subject, username: _username, userId: _userId, groups: _groups, ...rest } = d;
  return rest;
}

/** The stored `personal` member of an event's data, or `null` for a plaintext (older) one. */
export function storedPersonalOf(data: unknown): StoredPersonal | null {
  const personal = (data as { personal?: unknown } | null)?.personal as Partial<StoredPersonal> | undefined;
  return personal && typeof personal.subjectRef === 'string' && typeof personal.ciphertext === 'string'
    ? { subjectRef: personal.subjectRef, ciphertext: personal.ciphertext }
    : null;
}

/** A stored issuance with its personal fields put back (decrypted, or {@link erasedPersonalFields}). */
export function withPersonalFields(stored: StoredTokenIssuedData, fields: PersonalFields): TokenIssuedData {
  const { personal: _personal, ...rest } = stored;
  return { ...rest, ...personalFieldsOf(fields) } as TokenIssuedData;
}

/**
 * What an erased subject's issuance reads as: every personal field `[erased]` (which of them
 * the issuance had is itself gone with the key).
 */
export function erasedPersonalFields(): PersonalFields {
  return { subject: ERASED, username: ERASED, userId: ERASED, groups: [ERASED] };
}

/**
 * Parses the plaintext of a `personal` ciphertext. Only the four fields, with their types, are
 * taken: anything else in it is ignored.
 */
export function parsePersonalFields(json: string): PersonalFields | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  const p = parsed as Record<string, unknown> | null;
  if (!p || typeof p.subject !== 'string') return null;
  return {
    subject: p.subject,
    ...(typeof p.username === 'string' ? { username: p.username } : {}),
    ...(typeof p.userId === 'string' ? { userId: p.userId } : {}),
    ...(Array.isArray(p.groups) ? { groups: p.groups.filter((g): g is string => typeof g === 'string') } : {}),
  };
}

/** Marks the plaintext subject of a family issued before personal fields were encrypted. */
const LEGACY_SUBJECT_PREFIX = 'plain:';

/**
 * The read models' `subjectRef` of a family whose `TokenIssued` holds the subject in plaintext
 * (written before personal fields were encrypted): the subject itself, marked so it can never
 * equal a pseudonym (base64url has no `:`). Such a family's subject is in the log in plaintext
 * anyway, until an erasure removes its stream.
 */
export function legacySubjectRef(subject: string): string {
  return `${LEGACY_SUBJECT_PREFIX}${subject}`;
}

/** The plaintext subject a {@link legacySubjectRef} holds, or `null` for a pseudonym. */
export function legacySubjectOf(subjectRef: string): string | null {
  return subjectRef.startsWith(LEGACY_SUBJECT_PREFIX) ? subjectRef.slice(LEGACY_SUBJECT_PREFIX.length) : null;
}
