import { randomUUID } from 'node:crypto';

import { eventHash, type EventStore } from '@ledger/event-sourcing';
import { InMemoryEventStore } from '@ledger/testing';

import { verifyStore } from '../verify-store';
import { LEDGER_REMOVALS_STREAM } from '../ledger-streams';
import { parseEventsRemoved } from './removal-records';
import { MAX_EVENTS_PER_REMOVAL_RECORD, removeStreamsRecorded } from './remove-streams-recorded';

const NOW = new Date(Date.UTC(2026, 11, 7, 6, 0, 0));

/** Appends `count` events to a stream, chained as the command loop chains them. */
async function appendChained(store: EventStore, streamName: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const [last] = await store.readStream(streamName, { direction: 'backwards', maxCount: 1 });
    await store.append(
      streamName,
      [{ id: randomUUID(), type: i === 0 ? 'TokenIssued' : 'TokenRefreshed', data: { i }, metadata: { schemaVersion: 1, previousEventHash: last ? eventHash(last) : null } }],
      { expectedRevision: last ? last.revision : 'no_stream' },
    );
  }
}

describe('removeStreamsRecorded', () => {
  let store: InMemoryEventStore;

  beforeEach(async () => {
    store = new InMemoryEventStore();
    await appendChained(store, 'tokenFamily-a', 3);
    await appendChained(store, 'tokenFamily-b', 2);
    await appendChained(store, 'tokenFamily-kept', 2);
  });

  it('records every event of the streams, chained into ledgerRemovals, then removes them', async () => {
    const before = await store.readStream('tokenFamily-a');

    const outcome = await removeStreamsRecorded(store, {
      streams: ['tokenFamily-a', 'tokenFamily-b', 'tokenFamily-never'],
      reason: 'retention',
      requestedBy: 'system:retention',
      now: NOW,
    });

    expect(outcome).toMatchObject({ streams: ['tokenFamily-a', 'tokenFamily-b'], events: 5 });
    expect(await store.readStream('tokenFamily-a')).toEqual([]);
    expect(await store.readStream('tokenFamily-kept')).toHaveLength(2);
    const [record] = await store.readStream(LEDGER_REMOVALS_STREAM);
    expect(record.metadata.previousEventHash).toBeNull();
    expect(record.position).toEqual(outcome.recordPositions[0]);
    const data = parseEventsRemoved(record.data);
    expect(data).toMatchObject({ reason: 'retention', removedAt: NOW.getTime(), requestedBy: 'system:retention' });
    expect(data.streams.map((s) => s.streamName)).toEqual(['tokenFamily-a', 'tokenFamily-b']);
    expect(data.streams[0].events).toEqual(
      before.map((e) => ({
        revision: e.revision.toString(),
        position: { commit: e.position.commit.toString(), prepare: e.position.prepare.toString() },
        type: e.type,
        contentHash: eventHash(e),
      })),
    );
  });

  it('leaves verify ok, reporting the removed events as removed and recorded, per store and per stream', async () => {
    await removeStreamsRecorded(store, { streams: ['tokenFamily-a', 'tokenFamily-b'], reason: 'retention', requestedBy: 'system:retention', now: NOW });
    await removeStreamsRecorded(store, { streams: ['tokenFamily-kept'], reason: 'erasure', requestedBy: 'admin:alice', now: NOW });

    await expect(verifyStore(store)).resolves.toMatchObject({
      ok: true,
      eventsChecked: 2,
      removed: { recorded: 7, streams: 3, stillStored: 0 },
    });
    await expect(verifyStore(store, 'tokenFamily-a')).resolves.toEqual({
      ok: true,
      stream: 'tokenFamily-a',
      streamsChecked: 0,
      eventsChecked: 0,
      removed: { recorded: 3, streams: 1, stillStored: 0 },
    });
    await expect(verifyStore(store, 'tokenFamily-never')).resolves.toBeNull();
  });

  it('checks events listed but still stored (a store that only hides them) against their recorded hashes', async () => {
    const hiding = Object.assign(store, { removeStreams: async () => undefined });

    await removeStreamsRecorded(hiding, { streams: ['tokenFamily-a'], reason: 'retention', requestedBy: 'system:retention', now: NOW });

    await expect(verifyStore(store)).resolves.toMatchObject({ ok: true, removed: { recorded: 3, streams: 1, stillStored: 3 } });
  });

  it('splits a long stream over several records, all appended before the removal', async () => {
    await appendChained(store, 'tokenFamily-long', MAX_EVENTS_PER_REMOVAL_RECORD + 5);

    const outcome = await removeStreamsRecorded(store, { streams: ['tokenFamily-long', 'tokenFamily-a'], reason: 'retention', requestedBy: 'system:retention', now: NOW });

    expect(outcome.recordPositions).toHaveLength(2);
    const records = (await store.readStream(LEDGER_REMOVALS_STREAM)).map((e) => parseEventsRemoved(e.data));
    expect(records.map((r) => r.streams.map((s) => [s.streamName, s.events.length]))).toEqual([
      [['tokenFamily-long', MAX_EVENTS_PER_REMOVAL_RECORD]],
      [['tokenFamily-long', 5], ['tokenFamily-a', 3]],
    ]);
    await expect(verifyStore(store)).resolves.toMatchObject({ ok: true, removed: { recorded: MAX_EVENTS_PER_REMOVAL_RECORD + 8, streams: 2 } });
  });

  it('records nothing when no stream has events', async () => {
    await expect(removeStreamsRecorded(store, { streams: ['tokenFamily-none'], reason: 'retention', requestedBy: 'system:retention', now: NOW })).resolves.toEqual({
      streams: [],
      events: 0,
      recordPositions: [],
    });
    expect(await store.readStream(LEDGER_REMOVALS_STREAM)).toEqual([]);
  });

  it('refuses the ledger\'s own streams and a store that cannot remove', async () => {
    await expect(removeStreamsRecorded(store, { streams: [LEDGER_REMOVALS_STREAM], reason: 'retention', requestedBy: 'x', now: NOW })).rejects.toBeInstanceOf(RangeError);
    const plain: EventStore = { ...store, removeStreams: undefined, readStream: store.readStream.bind(store) } as unknown as EventStore;
    await expect(removeStreamsRecorded(plain, { streams: ['tokenFamily-a'], reason: 'retention', requestedBy: 'x', now: NOW })).rejects.toMatchObject({
      code: 'stream_removal_unsupported',
    });
  });

  it('reports a removal record that does not parse as a break of ledgerRemovals', async () => {
    await store.append(LEDGER_REMOVALS_STREAM, [{ id: randomUUID(), type: 'EventsRemoved', data: { reason: 'whim' }, metadata: { previousEventHash: null } }], {
      expectedRevision: 'no_stream',
    });

    await expect(verifyStore(store)).resolves.toMatchObject({
      ok: false,
      firstBreak: { streamName: LEDGER_REMOVALS_STREAM, revision: '0', kind: 'edited' },
    });
  });
});
