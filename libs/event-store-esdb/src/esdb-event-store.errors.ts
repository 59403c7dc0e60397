/**
 * Errors only the EventStoreDB adapter raises. Conflicts use the port's
 * `WrongExpectedRevisionError` and transport failures the port's `EventStoreUnavailableError`;
 * these cover what the server reports in other ways. Each has a stable `code` to switch on,
 * and messages name streams and hosts, never credentials or event contents.
 */

/**
 * The stream was tombstoned (hard-deleted): it can never be read or written again.
 *
 * A soft-deleted stream is different: it reads as empty and can be written again, as a stream
 * that never existed.
 */
export class StreamDeletedError extends Error {
  readonly code = 'stream_deleted' as const;
  constructor(
    readonly streamName: string,
    options?: { cause?: unknown },
  ) {
    super(`stream ${streamName} is deleted (tombstoned)`, options);
    this.name = 'StreamDeletedError';
  }
}

/** The server refused the operation for the configured user (ACLs, wrong credentials). */
export class EventStoreAccessDeniedError extends Error {
  readonly code = 'event_store_access_denied' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreAccessDeniedError';
  }
}

/** Defined once for every adapter, in the port. */
export { InvalidEventError, MaximumAppendSizeExceededError } from '@ledger/event-sourcing';

/** The server answered something this adapter cannot use (too old a server, a protocol gap). */
export class EventStoreProtocolError extends Error {
  readonly code = 'event_store_protocol' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreProtocolError';
  }
}

/** The connection string is malformed or asks for something the adapter does not allow. */
export class InvalidConnectionStringError extends Error {
  readonly code = 'invalid_connection_string' as const;
  constructor(reason: string) {
    super(`EVENTSTORE_URL: ${reason}`);
    this.name = 'InvalidConnectionStringError';
  }
}
