import type { Decider } from '../decider';
import type { DomainEvent } from '../decider';
import type { SubjectDataKeyCreated, SubjectDataKeyCreatedData, SubjectErased, SubjectErasedData } from './subject.events';

/** Record a subject's data key (made and wrapped by the caller: the decider does no crypto). */
export type CreateSubjectDataKey = DomainEvent<'CreateSubjectDataKey', SubjectDataKeyCreatedData>;

/** The key ids a `subjectKey-<ref>` stream holds. */
export interface SubjectKeyState {
  readonly keyIds: readonly string[];
}

/**
 * `subjectKey-<subjectRef>`: a subject has one data key; creating one for a subject that has one
 * decides nothing (a replica that lost the race to create it then reads the winner's).
 */
export const subjectKeyDecider: Decider<CreateSubjectDataKey, SubjectDataKeyCreated, SubjectKeyState> = {
  initialState: () => ({ keyIds: [] }),
  decide: (command, state) =>
    state.keyIds.length > 0
      ? []
      : [
          {
            type: 'SubjectDataKeyCreated',
            data: {
              subjectRef: command.data.subjectRef,
              keyId: command.data.keyId,
              wrappedKey: command.data.wrappedKey,
              createdAt: command.data.createdAt,
            },
          },
        ],
  evolve: (state, event) => (event.type === 'SubjectDataKeyCreated' ? { keyIds: [...state.keyIds, event.data.keyId] } : state),
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
