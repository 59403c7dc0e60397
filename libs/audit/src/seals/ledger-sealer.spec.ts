import { compactVerify, importJWK } from 'jose';
import { eventHash, formatPosition, type EventStore, type GlobalPosition, type ReadAllOptions, type ReadStreamOptions, type RecordedEvent } from '@ledger/event-sourcing';
import { InMemoryEventStore } from '@ledger/testing';
import { generateWrappedSealingKey, KeyEncryptionKeyRing, LocalKeyEncryptionKey, type SealingKey } from '@ledger/token-crypto';
import { ledgerLeafHash } from '../merkle/ledger-leaf';
import { merkleRoot } from '../merkle/tree-hash';
import { LedgerSealer, type LeafTree } from './ledger-sealer';
import { decideSeal } from './seal-decision';
import { LEDGER_SEALS_STREAM, parseLedgerSeal, sealHash } from './seal-format';
import { verifySeals } from './verify-seals';

/** The stored tree in memory: the leaves and MTH by the definition (small trees only). */
class ArrayLeafTree implements LeafTree {
  leaves: { position: GlobalPosition; leafHash: string }[] = [];
  size(): number {
    return this.leaves.length;
  }
  appendLeaves(leaves: readonly { position: GlobalPosition; leafHash: string }[]): void {
    this.leaves.push(...leaves);
  }
  leafAt(index: number) {
    return this.leaves[index];
  }
  root(size: number): string {
    return merkleRoot(this.leaves.slice(0, size).map((l) => l.leafHash));
  }
  subtree(start: number, end: number): string {
    return merkleRoot(this.leaves.slice(start, end).map((l) => l.leafHash));
  }
  reset(): void {
    this.leaves = [];
  }
}

/** The store as an attacker with write access left it: some events edited, some gone. */
class TamperedView implements EventStore {
  readonly edits = new Map<string, (e: RecordedEvent) => RecordedEvent>();
  readonly hidden = new Set<string>();
  constructor(private readonly inner: EventStore) {}
  private view(events: RecordedEvent[]): RecordedEvent[] {
    return events.filter((e) => !this.hidden.has(formatPosition(e.position))).map((e) => this.edits.get(formatPosition(e.position))?.(e) ?? e);
  }
  append: EventStore['append'] = (s, e, o) => this.inner.append(s, e, o);
  async readStream(name: string, options?: ReadStreamOptions) {
    return this.view(await this.inner.readStream(name, options));
  }
  async readAll(options?: ReadAllOptions) {
    return this.view(await this.inner.readAll(options));
  }
  subscribeToAll: EventStore['subscribeToAll'] = (o) => this.inner.subscribeToAll(o);
  close = () => this.inner.close();
}

const ring = new KeyEncryptionKeyRing(new LocalKeyEncryptionKey(Buffer.alloc(32, 7)));

async function append(store: EventStore, streamName: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const [last] = await store.readStream(streamName, { direction: 'backwards', fromRevision: 'end', maxCount: 1 });
    await store.append(
      streamName,
      [{ id: crypto.randomUUID(), type: 'Something', data: { i }, metadata: { previousEventHash: last ? eventHash(last) : null } }],
      { expectedRevision: last ? last.revision : 'no_stream' },
    );
  }
}

describe('LedgerSealer and verifySeals', () => {
  let key: SealingKey;
  let trustedKeys: Map<string, SealingKey['publicJwk']>;

  beforeAll(async () => {
    key = (await generateWrappedSealingKey(ring)).key;
    trustedKeys = new Map([[key.keyId, key.publicJwk]]);
  });

  async function sealed(store: EventStore, now = 1_000) {
    const sealer = new LedgerSealer(store, new ArrayLeafTree());
    await sealer.open();
    await sealer.catchUp();
    return { sealer, outcome: await sealer.seal(key, now) };
  }

  it('seals the tree head of every event but the seals, signed with EdDSA (jose verifies it), and verify agrees', async () => {
    const store = new InMemoryEventStore();
    await append(store, 'tokenFamily-a', 3);
    await append(store, 'client-x', 2);
    const { sealer, outcome } = await sealed(store);
    const events = await store.readAll({ maxCount: 100 });
    const leaves = events
      .filter((e) => e.streamName !== LEDGER_SEALS_STREAM)
      .map((e) => ledgerLeafHash({ streamName: e.streamName, revision: e.revision, type: e.type, position: e.position, contentHash: eventHash(e) }));
    expect(outcome.sealed).toMatchObject({ sealVersion: 1, treeSize: 5, rootHash: merkleRoot(leaves), lastPosition: { commit: '5', prepare: '5' }, previousSealHash: null, sealedAt: 1_000, keyId: key.keyId });
    const { payload, protectedHeader } = await compactVerify(outcome.sealed!.jws, await importJWK({ ...key.publicJwk }, 'EdDSA'));
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: key.keyId, typ: 'ledger-seal+jws' });
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ treeSize: 5, rootHash: merkleRoot(leaves) });

    expect(await sealer.seal(key, 2_000)).toEqual({ sealed: null, reason: 'nothing_new' });
    await append(store, 'tokenFamily-a', 2);
    await sealer.catchUp();
    const second = await sealer.seal(key, 3_000);
    expect(second.sealed).toMatchObject({ treeSize: 7, previousSealHash: sealHash(outcome.sealed!.jws) });

    const report = await verifySeals(store, { trustedKeys, densePositions: true });
    expect(report).toMatchObject({
      ok: true,
      seals: { ok: true, checked: 2, latest: { treeSize: 7, revision: '1' } },
      gaps: { checked: true, ok: true, missing: 0 },
      unsealed: { leaves: 0 },
      tree: { size: 7 },
    });
  });

  it('reports the events after the newest seal as unsealed', async () => {
    const store = new InMemoryEventStore();
    await append(store, 'tokenFamily-a', 3);
    await sealed(store);
    await append(store, 'tokenFamily-b', 2);
    const report = await verifySeals(store, { trustedKeys, densePositions: true });
    expect(report).toMatchObject({ ok: true, unsealed: { leaves: 2, fromPosition: { commit: '5' }, toPosition: { commit: '6' } } });
  });

  it('a replica resuming from its stored tree extends it; two replicas racing keep one chain', async () => {
    const store = new InMemoryEventStore();
    const tree = new ArrayLeafTree();
    await append(store, 'tokenFamily-a', 3);
    const first = new LedgerSealer(store, tree);
    await first.open();
    await first.catchUp();
    await first.seal(key, 1);
    await append(store, 'tokenFamily-a', 3);
    const resumed = new LedgerSealer(store, tree);
    await resumed.open();
    expect(resumed.size).toBe(3);
    await resumed.catchUp();
    const other = new LedgerSealer(store, new ArrayLeafTree());
    await other.open();
    await other.catchUp();
    const [a, b] = await Promise.all([resumed.seal(key, 2), other.seal(key, 2)]);
    expect([a.sealed?.treeSize, b.sealed?.treeSize].filter((s) => s !== undefined)).toEqual([6]);
    expect(await verifySeals(store, { trustedKeys, densePositions: true })).toMatchObject({ ok: true, seals: { checked: 2 } });
  });

  it('an edited sealed event breaks the root; a deleted one also leaves a gap', async () => {
    const store = new InMemoryEventStore();
    await append(store, 'tokenFamily-a', 4);
    await sealed(store);
    const edited = new TamperedView(store);
    edited.edits.set('2/2', (e) => ({ ...e, data: { i: 99 } }));
    expect(await verifySeals(edited, { trustedKeys, densePositions: true })).toMatchObject({
      ok: false,
      seals: { ok: false, checked: 0, firstBreak: { kind: 'root', treeSize: 4 } },
    });
    const deleted = new TamperedView(store);
    deleted.hidden.add('4/4');
    expect(await verifySeals(deleted, { trustedKeys, densePositions: true })).toMatchObject({
      ok: false,
      seals: { firstBreak: { kind: 'beyond_log' } },
      gaps: { ok: false, missing: 1, ranges: [{ from: '4', to: '4' }] },
    });
  });

  it('a seal by a key that is not trusted, or a removed seal in the chain, breaks', async () => {
    const store = new InMemoryEventStore();
    await append(store, 'tokenFamily-a', 2);
    const { sealer } = await sealed(store);
    const other = (await generateWrappedSealingKey(ring)).key;
    expect(await verifySeals(store, { trustedKeys: new Map([[other.keyId, other.publicJwk]]), densePositions: false })).toMatchObject({
      ok: false,
      seals: { firstBreak: { kind: 'signature', actual: 'key_untrusted', revision: '0' } },
    });
    await append(store, 'tokenFamily-a', 1);
    await sealer.catchUp();
    await sealer.seal(key, 5);
    const firstSealGone = new TamperedView(store);
    firstSealGone.hidden.add('3/3');
    expect(await verifySeals(firstSealGone, { trustedKeys, densePositions: false })).toMatchObject({ ok: false, seals: { firstBreak: { kind: 'chain', revision: '1' } } });
  });

  it('an event removed with a removal record keeps the seals valid; removed without one, it is a gap', async () => {
    const store = new InMemoryEventStore();
    await append(store, 'tokenFamily-a', 2);
    await append(store, 'tokenFamily-b', 1);
    await sealed(store);
    const [e1, e2] = await store.readStream('tokenFamily-a');
    const entry = (e: RecordedEvent) => ({ revision: e.revision.toString(), position: { commit: e.position.commit.toString(), prepare: e.position.prepare.toString() }, type: e.type, contentHash: eventHash(e) });
    await store.append(
      'ledgerRemovals',
      [{ id: crypto.randomUUID(), type: 'EventsRemoved', data: { reason: 'retention', removedAt: 1, requestedBy: 'system:retention', streams: [{ streamName: 'tokenFamily-a', events: [entry(e1), entry(e2)] }] }, metadata: { previousEventHash: null } }],
      { expectedRevision: 'no_stream' },
    );
    const removed = new TamperedView(store);
    removed.hidden.add('1/1');
    removed.hidden.add('2/2');
    // A sealer that never saw them (a new replica) rebuilds the same tree from the record.
    const fresh = await sealed(removed, 9);
    expect(fresh.outcome.sealed).toMatchObject({ treeSize: 4 });
    expect(await verifySeals(removed, { trustedKeys, densePositions: true })).toMatchObject({
      ok: true,
      seals: { ok: true, checked: 2 },
      removed: { recorded: 2, invalid: 0 },
      gaps: { ok: true, missing: 0 },
    });
    removed.hidden.add('3/3');
    expect(await verifySeals(removed, { trustedKeys, densePositions: true })).toMatchObject({ ok: false, gaps: { missing: 1, ranges: [{ from: '3', to: '3' }] } });
  });

  it('over a store that lists digests, seals the same tree as reading every event, from the writer\'s hashes where given', async () => {
    const store = new InMemoryEventStore();
    await append(store, 'tokenFamily-a', 3);
    await append(store, 'client-x', 2);
    const all = await store.readAll({ maxCount: 100 });
    // The writer's hash for every other event (as the command loop's appends carry), none for the rest.
    const writerHash = new Map(all.filter((_, i) => i % 2 === 0).map((e) => [e.position.commit, eventHash(e)]));
    const [gone] = await store.readStream('client-x');
    const entry = { revision: '0', position: { commit: gone.position.commit.toString(), prepare: gone.position.prepare.toString() }, type: gone.type, contentHash: eventHash(gone) };
    await store.append(
      'ledgerRemovals',
      [{ id: crypto.randomUUID(), type: 'EventsRemoved', data: { reason: 'retention', removedAt: 1, requestedBy: 'system:retention', streams: [{ streamName: 'client-x', events: [entry] }] }, metadata: { previousEventHash: null } }],
      { expectedRevision: 'no_stream' },
    );
    const plain = new TamperedView(store);
    plain.hidden.add(`${gone.position.commit}/${gone.position.prepare}`);
    const digests = Object.assign(new TamperedView(store), {
      readAllDigests: async (after: GlobalPosition | 'start', maxCount: number) => {
        const events = (await digests.readAll({ maxCount: 1_000 })).filter((e) => after === 'start' || e.position.commit > after.commit).slice(0, maxCount);
        return events.map((e) => ({ streamName: e.streamName, revision: e.revision, position: e.position, type: e.type, contentHash: writerHash.get(e.position.commit) ?? null }));
      },
    });
    digests.hidden.add(`${gone.position.commit}/${gone.position.prepare}`);
    const read = new LedgerSealer(plain, new ArrayLeafTree());
    const listed = new LedgerSealer(digests, new ArrayLeafTree());
    for (const sealer of [read, listed]) {
      await sealer.open();
      expect(await sealer.catchUp()).toBe(6);
    }
    expect(listed.rootAt(6)).toBe(read.rootAt(6));
    // The hash the writer gave is what the leaf takes: a wrong one shows as another root.
    writerHash.set(all[0].position.commit, '0'.repeat(64));
    const misled = new LedgerSealer(digests, new ArrayLeafTree());
    await misled.open();
    await misled.catchUp();
    expect(misled.rootAt(6)).not.toBe(read.rootAt(6));
  });
});

describe('decideSeal', () => {
  const head = { treeSize: 4, rootHash: 'a'.repeat(64), lastPosition: { commit: '4', prepare: '4' } };
  const latest = parseLedgerSeal({ sealVersion: 1, treeSize: 2, rootHash: 'b'.repeat(64), lastPosition: { commit: '2', prepare: '2' }, previousSealHash: null, sealedAt: 1, keyId: 'k', jws: 'x.y.z' })!;

  it('seals nothing on an empty tree or when the newest seal covers as much', () => {
    expect(decideSeal(null, { treeSize: 0, rootHash: '', lastPosition: null }, () => '', 1, 'k')).toEqual({ action: 'none' });
    expect(decideSeal({ ...latest, treeSize: 4 }, head, () => head.rootHash, 1, 'k')).toEqual({ action: 'none' });
  });

  it('chains to the newest seal when its root is this tree at its size, and refuses to when it is not', () => {
    expect(decideSeal(latest, head, () => 'b'.repeat(64), 7, 'k')).toEqual({
      action: 'seal',
      payload: { sealVersion: 1, treeSize: 4, rootHash: head.rootHash, lastPosition: head.lastPosition, previousSealHash: sealHash('x.y.z'), sealedAt: 7, keyId: 'k' },
    });
    expect(decideSeal(latest, head, () => 'c'.repeat(64), 7, 'k')).toEqual({ action: 'diverged', sealTreeSize: 2, sealRoot: 'b'.repeat(64), treeRoot: 'c'.repeat(64) });
  });
});
