import { removeStreamsRecorded } from '@ledger/audit';
import type { EventStore } from '@ledger/event-sourcing';

/** What an erasure removes, and on whose request. */
export interface ErasedStreams {
  readonly streams: readonly string[];
  readonly requestedBy: string;
  readonly removedAt: number;
}

/**
 * Removes the erased subject's key stream (and its plaintext families' streams) with a removal
 * record (reason `erasure`), so every seal and proof stays valid: the removed events' leaves and
 * chain links are in the record.
 */
export async function removeErasedStreams(store: EventStore, erased: ErasedStreams): Promise<void> {
  await removeStreamsRecorded(store, { streams: erased.streams, reason: 'erasure', requestedBy: erased.requestedBy, now: new Date(erased.removedAt) });
}
