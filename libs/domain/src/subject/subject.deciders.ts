import type { Decider } from '../decider';
import type { DomainEvent } from '../decider';
import type {
  SubjectDataKeyAssigned,
  SubjectDataKeyAssignedData,
  SubjectDataKeyCreated,
  SubjectDataKeyCreatedData,
  SubjectDataKeyRewrapped,
  SubjectDataKeyRewrappedData,
  SubjectErased,
  SubjectErasedData,
} from './subject.events';

/** Record a subject's data key (made and wrapped by the caller: the decider does no crypto). */
export type CreateSubjectDataKey = DomainEvent<'CreateSubjectDataKey', SubjectDataKeyCreatedData>;

/** Record a key wrapped anew; `previousWrappedKey` is the wrapping the caller unwrapped. */
export type RewrapSubjectDataKey = DomainEvent<'RewrapSubjectDataKey', SubjectDataKeyRewrappedData & { readonly previousWrappedKey: string }>;

export type SubjectKeyCommand = CreateSubjectDataKey | RewrapSubjectDataKey;
export type SubjectKeyEvent = SubjectDataKeyCreated | SubjectDataKeyRewrapped;

/** The keys a `subjectKey-<ref>` stream holds, each with its latest wrapping. */
export interface SubjectKeyState {
  readonly keys: readonly { readonly keyId: string; readonly wrappedKey: string }[];
}

/**
 * `subjectKey-<subjectRef>`: a subject has one data key; creating one for a subject that has one
 * decides nothing (a replica that lost the race to create it then reads the winner's). A rewrap
 * is recorded only over the wrapping it replaces, so a repeated or racing one records nothing.
 */
export const subjectKeyDecider: Decider<SubjectKeyCommand, SubjectKeyEvent, SubjectKeyState> = {
  initialState: () => ({ keys: [] }),
  decide: (command, state) => {
    const d = command.data;
    if (command.type === 'CreateSubjectDataKey') {
      if (state.keys.length > 0) return [];
      return [{ type: 'SubjectDataKeyCreated', data: { subjectRef: d.subjectRef, keyId: d.keyId, wrappedKey: d.wrappedKey, createdAt: command.data.createdAt } }];
    }
    const current = state.keys.find((k) => k.keyId === d.keyId);
    if (!current || current.wrappedKey !== command.data.previousWrappedKey) return [];
    return [{ type: 'SubjectDataKeyRewrapped', data: { subjectRef: d.subjectRef, keyId: d.keyId, wrappedKey: d.wrappedKey } }];
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'SubjectDataKeyCreated':
        return { keys: [...state.keys, { keyId: event.data.keyId, wrappedKey: event.data.wrappedKey }] };
      case 'SubjectDataKeyRewrapped':
        return { keys: state.keys.map((k) => (k.keyId === event.data.keyId ? { keyId: k.keyId, wrappedKey: event.data.wrappedKey } : k)) };
      default:
        return state;
    }
  },
};

/** Make `keyId` the subject's current key, if the current one is still `replaces`. */
export type AssignSubjectDataKey = DomainEvent<'AssignSubjectDataKey', SubjectDataKeyAssignedData & { readonly replaces: string | null }>;

/** The key ids a `subjectKeys-<ref>` index assigned, the current one last. */
export interface SubjectKeyIndexState {
  readonly keyIds: readonly string[];
}

/**
 * `subjectKeys-<subjectRef>`: a key is assigned over the one the caller found current, so of
 * two replicas making the subject's key at once only one assignment counts; the other reads it.
 */
export const subjectKeyIndexDecider: Decider<AssignSubjectDataKey, SubjectDataKeyAssigned, SubjectKeyIndexState> = {
  initialState: () => ({ keyIds: [] }),
  decide: (command, state) => {
    const current = state.keyIds.length > 0 ? state.keyIds[state.keyIds.length - 1] : null;
    if (current !== command.data.replaces) return [];
    return [{ type: 'SubjectDataKeyAssigned', data: { subjectRef: command.data.subjectRef, keyId: command.data.keyId, assignedAt: command.data.assignedAt } }];
  },
  evolve: (state, event) => (event.type === 'SubjectDataKeyAssigned' ? { keyIds: [...state.keyIds, event.data.keyId] } : state),
};

/** Record an erasure. */
export type EraseSubject = DomainEvent<'EraseSubject', SubjectErasedData>;

/**
 * `subjectErasures`: every erasure request is recorded (a repeated one too: it is a request the
 * auditors may want to see); the stream keeps no state a decision needs.
 */
export const subjectErasuresDecider: Decider<EraseSubject, SubjectErased, null> = {
  initialState: () => null,
  decide: (command) => [
    { type: 'SubjectErased', data: { subjectRef: command.data.subjectRef, erasedAt: command.data.erasedAt, requestedBy: command.data.requestedBy } },
  ],
  evolve: (state) => state,
};
