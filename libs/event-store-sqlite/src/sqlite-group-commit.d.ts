/**
 * Types of `sqlite-group-commit.js` (plain CommonJS so the writer thread can load it without a
 * TypeScript compiler; see that file). Everything here is plain data that survives structured
 * clone, since appends and outcomes cross the thread boundary.
 */
import type { Database } from 'better-sqlite3';

import type { ExpectedRevision } from '@ledger/event-sourcing';

/** An event as the store writes it: id lower-cased, data and metadata already JSON. */
export interface PreparedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  /** The writer's `eventHash` of the event (`EventToAppend.json.hash`), or `null`. */
  readonly contentHash: string | null;
}

/** A validated, serialised append, ready for the group commit. */
export interface PreparedAppend {
  readonly streamName: string;
  readonly expected: ExpectedRevision;
  /** `recordedAt` of its events, epoch milliseconds (stamped when `append` was called). */
  readonly recordedAt: number;
  readonly events: readonly PreparedEvent[];
}

/** How one append of a committed batch ended; the store turns failures into its errors. */
export type AppendOutcome =
  | {
      readonly ok: true;
      /** Revision of the append's last event (-1 for an empty append to a missing stream). */
      readonly revision: bigint;
      /** Position of the append's last event (0 for an empty append to a missing stream). */
      readonly position: bigint;
      /** Events this batch wrote for it: 0 for an idempotent retry or an empty append. */
      readonly written: number;
    }
  | {
      readonly ok: false;
      readonly code: 'wrong_expected_revision';
      readonly actual: bigint | 'no_stream';
    }
  | {
      readonly ok: false;
      readonly code: 'duplicate_event_id';
      readonly eventId: string;
      readonly existing: { readonly streamName: string; readonly revision: bigint };
    };

/** What one group commit did, with the tickets of its appends in queue order. */
export type BatchReport<Ticket> =
  | {
      readonly ok: true;
      readonly tickets: Ticket[];
      /** One per ticket, same order. */
      readonly outcomes: AppendOutcome[];
      /** Position of the last event written, 0n when the batch wrote none. */
      readonly head: bigint;
      readonly events: number;
      readonly rejected: number;
      readonly durationMs: number;
    }
  | {
      /** The transaction did not commit: nothing of the batch is stored. */
      readonly ok: false;
      readonly tickets: Ticket[];
      readonly error: unknown;
    };

/** The statements the group commit runs (from `sqlite-event-store.schema.ts`). */
export interface GroupCommitSql {
  readonly insertEvent: string;
  readonly streamRevision: string;
  readonly streamRevisionPosition: string;
  readonly idsFromRevision: string;
  readonly eventById: string;
}

export interface GroupCommitOptions<Ticket> {
  /** Commit at once when this many events are queued. */
  readonly maxBatchEvents: number;
  /** Called once per batch, after COMMIT (or its failure); may enqueue (next turn). */
  readonly onBatch: (report: BatchReport<Ticket>) => void;
}

/** Group commit on one connection, driven by the event loop of the thread that owns it. */
export declare class GroupCommit<Ticket> {
  constructor(db: Database, sql: GroupCommitSql, options: GroupCommitOptions<Ticket>);
  /** Appends queued and not yet committed. */
  readonly pendingAppends: number;
  /** Queues one append; commits at the end of this turn, or now if the batch is full. */
  enqueue(append: PreparedAppend, ticket: Ticket): void;
  /** Commits everything queued now. */
  flush(): void;
}

/** How a removal of streams ended (see `removeStreams`). */
export type RemovalOutcome =
  | {
      readonly ok: true;
      /** Rows deleted (0 when none of the streams exists). */
      readonly removed: number;
      /** False when a reader kept the TRUNCATE checkpoint from emptying the WAL (the writer retries). */
      readonly walTruncated: boolean;
    }
  | { readonly ok: false; readonly code: 'holds_last_event'; readonly streamName: string };

/**
 * Deletes every event of `streamNames` in one transaction with `secure_delete` on, then
 * checkpoints and truncates the WAL; refuses a stream holding the log's last event. Run it on
 * the committing connection, after flushing its group commit.
 */
export declare function removeStreams(db: Database, streamNames: readonly string[]): RemovalOutcome;

/** A TRUNCATE checkpoint; false when a reader on an older snapshot kept it from emptying the WAL. */
export declare function truncateWal(db: Database): boolean;
