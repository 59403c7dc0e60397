import { randomUUID } from 'node:crypto';

import type { EventToAppend } from '@ledger/event-sourcing';

import { InMemoryEventStore } from './in-memory-event-store';
import { takeEvents } from './take-events.helper';

/**
 * What the reference store does beyond the contract suite (which it runs in
 * `in-memory-event-store.contract.spec.ts`): its options, refusals and lifecycle.
 */
describe('InMemoryEventStore', () => {
  const event = (data: unknown = {}): EventToAppend => ({ id: randomUUID(), type: 'Noted', data, metadata: {} });

  it.each<[string, EventToAppend, string]>([
    ['an id that is not a UUID', { ...event(), id: 'not-a-uuid' }, 'invalid_event'],
    ['data JSON cannot hold', event({ amount: 1n }), 'invalid_event'],
    ['an empty type', { ...event(), type: '' }, 'invalid_event'],
    ['an append over maxAppendBytes', event({ blob: 'x'.repeat(200) }), 'maximum_append_size_exceeded'],
  ])('refuses %s and writes nothing of the append', async (_case, refused, code) => {
    const store = new InMemoryEventStore({ maxAppendBytes: 100 });

    await expect(store.append('notes-1', [event(), refused], { expectedRevision: 'any' })).rejects.toMatchObject({ code });
    expect(await store.readAll()).toEqual([]);
  });

  it('measures an append as its data and metadata JSON in bytes', async () => {
    const store = new InMemoryEventStore({ maxAppendBytes: 100 });

    await expect(store.append('notes-1', [event({ blob: 'é'.repeat(60) })], { expectedRevision: 'any' })).rejects.toMatchObject({
      code: 'maximum_append_size_exceeded',
      maxBytes: 100,
      sizeBytes: 133,
    });
  });

  it('checks the expectation of an append of no events, and answers where the stream is', async () => {
    const store = new InMemoryEventStore();

    await expect(store.append('notes-1', [], { expectedRevision: 'no_stream' })).resolves.toEqual({
      nextExpectedRevision: -1n,
      position: { commit: 0n, prepare: 0n },
    });
    const written = await store.append('notes-1', [event()], { expectedRevision: 'no_stream' });
    await expect(store.append('notes-1', [], { expectedRevision: 0n })).resolves.toEqual(written);
    await expect(store.append('notes-1', [], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      code: 'wrong_expected_revision',
      actual: 0n,
    });
  });

  it('treats a retry whose ids only partly match as a conflict', async () => {
    const store = new InMemoryEventStore();
    const first = event();
    await store.append('notes-1', [first, event()], { expectedRevision: 'no_stream' });

    await expect(store.append('notes-1', [first, event()], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      code: 'wrong_expected_revision',
    });
  });

  // Only the port's promise: EventStoreDB de-duplicates these on a best-effort basis alone.
  it('appends a repeated append with any again: only exact revisions make a retry idempotent', async () => {
    const store = new InMemoryEventStore();
    const repeated = [event()];

    await store.append('notes-1', repeated, { expectedRevision: 'any' });
    const again = await store.append('notes-1', repeated, { expectedRevision: 'any' });

    expect(again.nextExpectedRevision).toBe(1n);
  });

  it('stamps recordedAt from the clock option when the append is made', async () => {
    const now = new Date('2030-01-02T03:04:05.678Z');
    const store = new InMemoryEventStore({ clock: () => now });

    await store.append('notes-1', [event()], { expectedRevision: 'no_stream' });

    expect((await store.readStream('notes-1'))[0].recordedAt).toEqual(now);
  });

  it('hands out its own objects on every read, so a caller cannot edit what is stored', async () => {
    const store = new InMemoryEventStore();
    const data = { note: 'kept' };
    await store.append('notes-1', [event(data)], { expectedRevision: 'no_stream' });
    data.note = 'changed after the append';

    const [read] = await store.readStream('notes-1');
    (read.data as { note: string }).note = 'changed after the read';

    expect((await store.readAll())[0].data).toEqual({ note: 'kept' });
  });

  it('ends its subscriptions on close, then refuses work', async () => {
    const store = new InMemoryEventStore();
    const subscription = store.subscribeToAll();
    await store.append('notes-1', [event()], { expectedRevision: 'no_stream' });
    await takeEvents(subscription, 1);
    const waiting = subscription[Symbol.asyncIterator]().next();

    await store.close();

    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
    await expect(store.append('notes-1', [event()], { expectedRevision: 0n })).rejects.toMatchObject({
      code: 'event_store_unavailable',
    });
    await expect(store.readStream('notes-1')).rejects.toMatchObject({ code: 'event_store_unavailable' });
    expect(() => store.subscribeToAll()).toThrow(expect.objectContaining({ code: 'event_store_unavailable' }));
  });
});
