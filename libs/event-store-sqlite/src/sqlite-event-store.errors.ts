/**
 * Errors only the embedded store raises. Conflicts use the port's
 * `WrongExpectedRevisionError`; these cover what EventStoreDB reports in other ways.
 */

/**
 * An event id is already stored somewhere other than where an idempotent retry would find it.
 *
 * EventStoreDB treats a retried append as idempotent when its event ids sit exactly after the
 * expected revision; the embedded store goes further and keeps event ids unique across the
 * whole log, so any other reuse of an id is a bug in the caller (ids are derived from commands)
 * and is refused rather than silently duplicated.
 */
export class DuplicateEventIdError extends Error {
  readonly code = 'duplicate_event_id' as const;
  constructor(
    readonly streamName: string,
    readonly eventId: string,
    /** Where the id is already stored; `null` when it is repeated inside the same append. */
    readonly existing: { readonly streamName: string; readonly revision: bigint } | null,
  ) {
    super(
      existing
        ? `append to ${streamName}: event id ${eventId} already exists in stream ${existing.streamName} at revision ${existing.revision}`
        : `append to ${streamName}: event id ${eventId} appears more than once in the same append`,
    );
    this.name = 'DuplicateEventIdError';
  }
}

/** Defined once for every adapter, in the port. */
export { InvalidEventError, MaximumAppendSizeExceededError } from '@ledger/event-sourcing';
