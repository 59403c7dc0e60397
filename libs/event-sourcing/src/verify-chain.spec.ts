import { eventHash } from './event-hash';
import type { RecordedEvent } from './event-store.port';
import { verifyChain, type RecordedRemovals } from './verify-chain';

/** A fixed instant: recording time is not part of the hash, so any value does. */
const RECORDED_AT = new Date(Date.UTC(2026, 0, 1));

/**
 * `count` events of one stream, chained as the command loop chains them: each event's
 * `previousEventHash` is the hash of the one before it (`null` for the first).
 */
function chain(streamName: string, count: number, firstPosition = 1n): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  let previous: string | null = null;
  for (let i = 0; i < count; i++) {
    const revision = BigInt(i);
    const event: RecordedEvent = {
      id: `${streamName}-event-${i}`,
      streamName,
      revision,
      position: { commit: firstPosition + revision, prepare: firstPosition + revision },
      type: i === 0 ? 'Opened' : 'Changed',
      data: { step: i, note: `step ${i} of ${streamName}` },
      metadata: { schemaVersion: 1, actor: 'test', requestId: `req-${i}`, previousEventHash: previous },
      recordedAt: RECORDED_AT,
    };
    previous = eventHash(event);
    events.push(event);
  }
  return events;
}

/** Interleaves streams as the global log does: one event of each in turn. */
function interleave(...streams: RecordedEvent[][]): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  for (let i = 0; i < Math.max(...streams.map((s) => s.length)); i++) {
    for (const s of streams) if (i < s.length) out.push(s[i]);
  }
  return out;
}

/** The input as an async iterable, as the stores' page readers deliver it. */
async function* asAsync(events: readonly RecordedEvent[]): AsyncGenerator<RecordedEvent> {
  for (const e of events) yield e;
}

function withData(event: RecordedEvent, data: unknown): RecordedEvent {
  return { ...event, data };
}

describe('verifyChain', () => {
  it('accepts an intact chain and reports what it checked, with the head to anchor', async () => {
    const events = chain('account-1', 5);
    await expect(verifyChain(asAsync(events))).resolves.toEqual({
      ok: true,
      streamsChecked: 1,
      eventsChecked: 5,
      head: { streamName: 'account-1', revision: 4n, hash: eventHash(events[4]) },
    });
  });

  it('accepts interleaved intact streams (the global log), without a single head', async () => {
    const result = await verifyChain(interleave(chain('a-1', 3), chain('b-1', 4), chain('c-1', 1)));
    expect(result).toEqual({ ok: true, streamsChecked: 3, eventsChecked: 8 });
  });

  it('accepts nothing at all', async () => {
    await expect(verifyChain([])).resolves.toEqual({ ok: true, streamsChecked: 0, eventsChecked: 0 });
  });

  it('names exactly the event whose data was edited', async () => {
    const events = chain('account-1', 5);
    const original = eventHash(events[2]);
    events[2] = withData(events[2], { step: 2, note: 'rewritten' });
    const result = await verifyChain(asAsync(events));
    expect(result).toMatchObject({
      ok: false,
      firstBreak: { streamName: 'account-1', revision: 2n, kind: 'edited', expected: original, actual: eventHash(events[2]) },
    });
  });

  it('names exactly the edited event when the edit is of its own previousEventHash', async () => {
    const events = chain('account-1', 5);
    const successorRecorded = events[4].metadata.previousEventHash;
    events[3] = { ...events[3], metadata: { ...events[3].metadata, previousEventHash: 'f'.repeat(64) } };
    const result = await verifyChain(events);
    expect(result).toEqual({
      ok: false,
      streamsChecked: 1,
      eventsChecked: 5,
      firstBreak: { streamName: 'account-1', revision: 3n, kind: 'edited', expected: successorRecorded, actual: eventHash(events[3]) },
    });
  });

  it('stops at the event that settles a break and reads no further', async () => {
    const events = chain('account-1', 6);
    const original = eventHash(events[1]);
    events[1] = withData(events[1], { step: 1, note: 'rewritten' });
    // Events 4 and 5 come after the verdict on event 1 (settled by event 3): they are not read.
    await expect(verifyChain(asAsync(events))).resolves.toEqual({
      ok: false,
      streamsChecked: 1,
      eventsChecked: 4,
      firstBreak: { streamName: 'account-1', revision: 1n, kind: 'edited', expected: original, actual: eventHash(events[1]) },
    });
  });

  it('names the predecessor when the event after a broken link is missing its successor revision', async () => {
    const events = chain('account-1', 5);
    const original = eventHash(events[1]);
    events[1] = withData(events[1], { step: 1, note: 'rewritten' });
    // Event 3 is gone too: event 4 does not follow event 2, so its link says nothing about event 2.
    const result = await verifyChain([events[0], events[1], events[2], events[4]]);
    expect(result).toEqual({
      ok: false,
      streamsChecked: 1,
      eventsChecked: 4,
      firstBreak: { streamName: 'account-1', revision: 1n, kind: 'edited', expected: original, actual: eventHash(events[1]) },
    });
  });

  it('names the first event when its data was edited', async () => {
    const events = chain('account-1', 3);
    events[0] = withData(events[0], { step: 0, note: 'rewritten' });
    expect((await verifyChain(events)).firstBreak).toMatchObject({ revision: 0n, kind: 'edited' });
  });

  it('names the first event when it claims a predecessor', async () => {
    const events = chain('account-1', 3);
    events[0] = { ...events[0], metadata: { ...events[0].metadata, previousEventHash: 'a'.repeat(64) } };
    expect((await verifyChain(events)).firstBreak).toEqual({
      streamName: 'account-1',
      revision: 0n,
      kind: 'edited',
      expected: null,
      actual: 'a'.repeat(64),
    });
  });

  it('finds an edited event among interleaved streams and names its stream', async () => {
    const a = chain('a-1', 4);
    const b = chain('b-1', 4);
    const original = eventHash(b[1]);
    b[1] = withData(b[1], { step: 1, note: 'rewritten' });
    const result = await verifyChain(asAsync(interleave(a, b)));
    // a0 b0 a1 b1 a2 b2 (link broken) a3 (another stream: skipped, not counted) b3 (settles it).
    expect(result).toEqual({
      ok: false,
      streamsChecked: 2,
      eventsChecked: 7,
      firstBreak: { streamName: 'b-1', revision: 1n, kind: 'edited', expected: original, actual: eventHash(b[1]) },
    });
  });

  it("settles a break at the end of the input, even when other streams' events follow it", async () => {
    const a = chain('a-1', 4);
    const b = chain('b-1', 2);
    const original = eventHash(b[0]);
    b[0] = withData(b[0], { step: 0, note: 'rewritten' });
    // a0 b0 a1 b1 (link broken, b's last event) a2 a3: the input ends before b says more.
    const result = await verifyChain(interleave(a, b));
    expect(result).toEqual({
      ok: false,
      streamsChecked: 2,
      eventsChecked: 4,
      firstBreak: { streamName: 'b-1', revision: 0n, kind: 'edited', expected: original, actual: eventHash(b[0]) },
    });
  });

  it('reports a removed event as missing at its revision', async () => {
    const events = chain('account-1', 5);
    const result = await verifyChain(asAsync([...events.slice(0, 2), ...events.slice(3)]));
    expect(result).toEqual({
      ok: false,
      streamsChecked: 1,
      eventsChecked: 4,
      firstBreak: { streamName: 'account-1', revision: 2n, kind: 'missing', expected: 'revision 2', actual: 'revision 3' },
    });
  });

  it('reports a removed first event as missing at revision 0', async () => {
    const events = chain('account-1', 3);
    await expect(verifyChain(events.slice(1))).resolves.toEqual({
      ok: false,
      streamsChecked: 1,
      eventsChecked: 2,
      firstBreak: { streamName: 'account-1', revision: 0n, kind: 'missing', expected: 'revision 0', actual: 'revision 1' },
    });
  });

  // Equivalent mutants left alive, line 104 `cursors.set(event.streamName, cursor ?? { revision: -1n, hash: '' })`:
  // `??` -> `&&`, `{}` for the placeholder, and `''` -> "Stryker was here!". A missing revision always
  // ends the verification, so the value stored there is never read: only the key counts (streamsChecked).
  it('reports a removed event as missing when the input ends right after the gap', async () => {
    const events = chain('account-1', 3);
    await expect(verifyChain([events[0], events[2]])).resolves.toEqual({
      ok: false,
      streamsChecked: 1,
      eventsChecked: 2,
      firstBreak: { streamName: 'account-1', revision: 1n, kind: 'missing', expected: 'revision 1', actual: 'revision 2' },
    });
  });

  it('reports a stream whose only event is not revision 0 as missing revision 0', async () => {
    const events = chain('account-1', 3);
    await expect(verifyChain(asAsync([events[2]]))).resolves.toEqual({
      ok: false,
      streamsChecked: 1,
      eventsChecked: 1,
      firstBreak: { streamName: 'account-1', revision: 0n, kind: 'missing', expected: 'revision 0', actual: 'revision 2' },
    });
  });

  it('reports an event delivered out of revision order', async () => {
    const events = chain('account-1', 5);
    const reordered = [events[0], events[2], events[1], events[3], events[4]];
    await expect(verifyChain(asAsync(reordered))).resolves.toEqual({
      ok: false,
      streamsChecked: 1,
      eventsChecked: 3,
      firstBreak: { streamName: 'account-1', revision: 1n, kind: 'out_of_order', expected: 'revision 1', actual: 'revision 2' },
    });
  });

  it('reports the last two events delivered swapped as out of order', async () => {
    const events = chain('account-1', 3);
    await expect(verifyChain([events[0], events[2], events[1]])).resolves.toEqual({
      ok: false,
      streamsChecked: 1,
      eventsChecked: 3,
      firstBreak: { streamName: 'account-1', revision: 1n, kind: 'out_of_order', expected: 'revision 1', actual: 'revision 2' },
    });
  });

  it('names the first moved event when two events swapped places (revisions renumbered)', async () => {
    const events = chain('account-1', 5);
    // A stream rewritten with events 1 and 2 exchanged: what a reader in revision order sees.
    const swapped = [events[0], { ...events[2], revision: 1n }, { ...events[1], revision: 2n }, events[3], events[4]];
    expect((await verifyChain(swapped)).firstBreak).toMatchObject({ streamName: 'account-1', revision: 1n, kind: 'edited' });
  });

  it('reports a replayed revision as out of order', async () => {
    const events = chain('account-1', 3);
    await expect(verifyChain([...events, events[1]])).resolves.toEqual({
      ok: false,
      streamsChecked: 1,
      eventsChecked: 4,
      firstBreak: { streamName: 'account-1', revision: 1n, kind: 'out_of_order', expected: 'revision 3', actual: 'revision 1' },
    });
  });

  it('names the first event of a two-event stream when its data was edited (the break is at the last event)', async () => {
    const events = chain('account-1', 2);
    const original = eventHash(events[0]);
    events[0] = withData(events[0], { step: 0, note: 'rewritten' });
    await expect(verifyChain(asAsync(events))).resolves.toEqual({
      ok: false,
      streamsChecked: 1,
      eventsChecked: 2,
      firstBreak: { streamName: 'account-1', revision: 0n, kind: 'edited', expected: original, actual: eventHash(events[0]) },
    });
  });

  it("names the predecessor when the last event's previousEventHash was edited (nothing after it to tell them apart)", async () => {
    const events = chain('account-1', 3);
    events[2] = { ...events[2], metadata: { ...events[2].metadata, previousEventHash: 'f'.repeat(64) } };
    await expect(verifyChain(events)).resolves.toEqual({
      ok: false,
      streamsChecked: 1,
      eventsChecked: 3,
      firstBreak: { streamName: 'account-1', revision: 1n, kind: 'edited', expected: 'f'.repeat(64), actual: eventHash(events[1]) },
    });
  });

  it('treats an edited newest event as undetectable by the chain (its hash is the head to anchor)', async () => {
    const events = chain('account-1', 3);
    const head = eventHash(events[2]);
    events[2] = withData(events[2], { step: 2, note: 'rewritten' });
    const result = await verifyChain(events);
    expect(result.ok).toBe(true);
    expect(result.head?.hash).not.toBe(head);
  });

  it('passes again once the edited event is restored', async () => {
    const events = chain('account-1', 4);
    const original = events[1];
    events[1] = withData(original, { step: 1, note: 'rewritten' });
    expect((await verifyChain(events)).ok).toBe(false);
    events[1] = original;
    expect((await verifyChain(events)).ok).toBe(true);
  });
});

describe('verifyChain with removal records', () => {
  /** What a removal record says of `events`, appended at `recordPosition`. */
  function recorded(events: readonly RecordedEvent[], recordPosition = { commit: 1000n, prepare: 1000n }): RecordedRemovals {
    const entries = new Map(
      events.map((e) => [`${e.streamName}#${e.revision}`, { streamName: e.streamName, revision: e.revision, position: e.position, contentHash: eventHash(e), recordPosition }]),
    );
    return { byStreamRevision: (streamName, revision) => entries.get(`${streamName}#${revision}`) };
  }

  it('goes through absent events a record lists, by their recorded hashes, and counts them', async () => {
    const events = chain('account-1', 5);
    const kept = [events[0], events[3], events[4]];

    await expect(verifyChain(asAsync(kept), { removed: recorded(events.slice(1, 3)) })).resolves.toMatchObject({
      ok: true,
      eventsChecked: 3,
      removedSkipped: 2,
      removedStillStored: 0,
    });
  });

  it('accepts a stream whose first events are recorded as removed', async () => {
    const events = chain('account-1', 3);

    await expect(verifyChain(asAsync(events.slice(2)), { removed: recorded(events.slice(0, 2)) })).resolves.toMatchObject({ ok: true, removedSkipped: 2 });
  });

  it('still reports an absent event no record lists as missing, after the recorded ones', async () => {
    const events = chain('account-1', 5);

    await expect(verifyChain(asAsync([events[0], events[4]]), { removed: recorded([events[1]]) })).resolves.toMatchObject({
      ok: false,
      firstBreak: { streamName: 'account-1', revision: 2n, kind: 'missing' },
    });
  });

  it('ignores a record entry for an event at or after the record itself (it cannot account for it)', async () => {
    const events = chain('account-1', 3);
    const tooEarly = recorded([events[1]], events[1].position);

    await expect(verifyChain(asAsync([events[0], events[2]]), { removed: tooEarly })).resolves.toMatchObject({
      ok: false,
      firstBreak: { revision: 1n, kind: 'missing' },
    });
  });

  it('checks a listed event that is still stored against its recorded hash (EventStoreDB before a scavenge)', async () => {
    const events = chain('account-1', 3);
    const removed = recorded(events);

    await expect(verifyChain(asAsync(events), { removed })).resolves.toMatchObject({ ok: true, removedStillStored: 3, removedSkipped: 0 });
    const edited = [events[0], withData(events[1], { step: 1, note: 'rewritten' }), events[2]];
    await expect(verifyChain(asAsync(edited), { removed })).resolves.toMatchObject({
      ok: false,
      firstBreak: { revision: 1n, kind: 'edited', expected: eventHash(events[1]), actual: eventHash(edited[1]) },
    });
  });

  it('breaks when the event after a recorded gap does not link to the recorded hash', async () => {
    const events = chain('account-1', 4);
    const lying = recorded([events[1]]);
    const wrong: RecordedRemovals = {
      byStreamRevision: (streamName, revision) => {
        const entry = lying.byStreamRevision(streamName, revision);
        return entry && { ...entry, contentHash: 'f'.repeat(64) };
      },
    };

    await expect(verifyChain(asAsync([events[0], events[2], events[3]]), { removed: wrong })).resolves.toMatchObject({
      ok: false,
      firstBreak: { kind: 'edited' },
    });
  });
});
