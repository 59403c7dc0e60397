import type { ProjectionTables } from './projection-tables';
import { tokenFamiliesTables } from './token-families.tables';

/**
 * What the read-model file holds, shared by the database on the event loop and its worker
 * thread (`read-model.worker.ts`), which applies live batches with the same writers.
 */

/** The projections this database keeps. */
export const PROJECTIONS: readonly ProjectionTables[] = [tokenFamiliesTables];

/** Stores one generation's checkpoint; run in the transaction of the rows it covers. */
export const SAVE_CHECKPOINT_SQL =
  'INSERT INTO projection_checkpoints (projection, generation, position, events_applied, last_recorded_at, updated_at) ' +
  'VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (projection, generation) DO UPDATE SET position = excluded.position, ' +
  'events_applied = excluded.events_applied, last_recorded_at = excluded.last_recorded_at, updated_at = excluded.updated_at';

/**
 * A live batch reaches the worker in pieces, as its events arrive, so the event loop holds
 * none of them while the batch lingers: `events` messages (any number), then one `commit` or
 * `discard`. `batch` names the batch; several may be filling at once, and they commit one at a time.
 */
export type WorkerBatchMessage =
  | {
      readonly type: 'events';
      readonly batch: string;
      /** Event type, then its data as JSON text, for each event in log order. */
      readonly events: readonly string[];
    }
  | {
      readonly type: 'commit';
      readonly batch: string;
      readonly projection: string;
      readonly generation: number;
      readonly mode: 'indexed' | 'bulk';
      /** The stored checkpoint's count; the batch adds the events it handles. */
      readonly eventsAppliedBefore: number;
      /** Formatted position and `recordedAt` of the batch's last event. */
      readonly position: string;
      readonly lastRecordedAt: number;
      /** Test-only: hold the transaction this long between rows and checkpoint. */
      readonly holdMs: number;
    }
  | { readonly type: 'discard'; readonly batch: string };

/** The worker's answers. */
export type WorkerReply =
  | { readonly type: 'checked' }
  | { readonly type: 'committed'; readonly ok: true; readonly handled: number }
  | { readonly type: 'committed'; readonly ok: false; readonly error: string };
