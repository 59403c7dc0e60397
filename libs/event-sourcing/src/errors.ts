import type { ExpectedRevision } from './event-store.port';

/**
 * The stream was not at the expected revision: another writer got there first.
 * Callers reload and decide again; they never overwrite.
 */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'wrong_expected_revision' as const;
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** Current revision, or `'no_stream'` when the stream does not exist. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamName}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** The event store could not be reached or failed; the operation may be retried. */
export class EventStoreUnavailableError extends Error {
  readonly code = 'event_store_unavailable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}

/**
 * An event to append is malformed (id not a UUID, data not JSON-serialisable, ...). Raised by
 * every adapter alike, before anything is sent or written.
 */
export class InvalidEventError extends Error {
  readonly code = 'invalid_event' as const;
  constructor(
    readonly streamName: string,
    reason: string,
  ) {
    super(`append to ${streamName}: ${reason}`);
    this.name = 'InvalidEventError';
  }
}

/**
 * The append is larger than the store accepts in one go. EventStoreDB refuses appends over its
 * `MaxAppendSize` (1 MiB by default) and the embedded store mirrors it, so an append that works
 * against one store works against the other; both raise this error.
 */
export class MaximumAppendSizeExceededError extends Error {
  readonly code = 'maximum_append_size_exceeded' as const;
  /** The store's limit in bytes, when known (EventStoreDB's refusal may leave it out). */
  readonly maxBytes: number | undefined;
  /** The size of the refused append in bytes, when the store measured it (EventStoreDB does not say). */
  readonly sizeBytes: number | undefined;

  constructor(
    readonly streamName: string,
    size: { readonly maxBytes?: number; readonly sizeBytes?: number },
    options?: { cause?: unknown },
  ) {
    const { maxBytes, sizeBytes } = size;
    super(
      sizeBytes !== undefined && maxBytes !== undefined
        ? `append to ${streamName}: ${sizeBytes} bytes exceeds the maximum of ${maxBytes} bytes`
        : `append to ${streamName} exceeds the store's maximum append size${maxBytes ? ` of ${maxBytes} bytes` : ''}`,
      options,
    );
    this.name = 'MaximumAppendSizeExceededError';
    this.maxBytes = maxBytes;
    this.sizeBytes = sizeBytes;
  }
}

/**
 * `EventStore.removeStreams` refused a removal that would break the store's invariants (the
 * embedded store: a stream holding the log's last event, whose position the next append would
 * reuse; any store: a system stream). Nothing was removed.
 */
export class StreamRemovalRefusedError extends Error {
  readonly code = 'stream_removal_refused' as const;
  constructor(
    readonly streamName: string,
    reason: string,
  ) {
    super(`cannot remove stream ${streamName}: ${reason}`);
    this.name = 'StreamRemovalRefusedError';
  }
}
