import { ERASED, subjectKeyIndexStreamName, subjectKeyStreamName, type TokenIssuedData } from '@ledger/domain';
import { tokenIssued } from '@ledger/domain/token-family/token-family.fixtures';
import { InMemoryEventStore } from '@ledger/testing';
import { KeyEncryptionKeyRing, LocalKeyEncryptionKey, SubjectPseudonyms } from '@ledger/token-crypto';
import { SubjectKeys } from './subject-keys';

const ring = new KeyEncryptionKeyRing(new LocalKeyEncryptionKey(Buffer.alloc(32, 1)));
const pseudonyms = new SubjectPseudonyms(Buffer.alloc(32, 2));

function issued(overrides: Partial<TokenIssuedData> = {}) {
  return tokenIssued({ familyId: 'fam1', subject: 'alice', username: 'alice@example.com', userId: '00u1', groups: ['admins'], ...overrides });
}

/** The key stream removed by an erasure, as a reader sees it: empty. */
function removeStream(store: InMemoryEventStore, streamName: string): void {
  const read = store.readStream.bind(store);
  jest.spyOn(store, 'readStream').mockImplementation((name, options) => (name === streamName ? Promise.resolve([]) : read(name, options)));
}

describe('SubjectKeys', () => {
  let store: InMemoryEventStore;
  const keys = (cacheSize?: number) => new SubjectKeys({ store, ring, pseudonyms, now: () => 1_000, ...(cacheSize ? { cacheSize } : {}) });
  /** The stream of the subject's current key, as its index names it. */
  const keyStream = async (subject: string) => {
    const [assigned] = (await store.readStream(subjectKeyIndexStreamName(pseudonyms.ref(subject)))).slice(-1);
    return subjectKeyStreamName(pseudonyms.ref(subject), (assigned.data as { keyId: string }).keyId);
  };
  beforeEach(() => {
    store = new InMemoryEventStore();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await store.close();
  });

  it('creates one key per subject on first use and records it wrapped, no plaintext in the event', async () => {
    const subjectKeys = keys();
    await subjectKeys.prepare('alice');
    await subjectKeys.prepare('alice');
    const index = await store.readStream(subjectKeyIndexStreamName(pseudonyms.ref('alice')));
    expect(index.map((e) => e.type)).toEqual(['SubjectDataKeyAssigned']);
    const events = await store.readStream(await keyStream('alice'));
    expect(events.map((e) => e.type)).toEqual(['SubjectDataKeyCreated']);
    expect(JSON.stringify(events[0].data)).not.toContain('alice');
    expect(events[0].data).toMatchObject({ subjectRef: pseudonyms.ref('alice'), createdAt: 1_000 });
  });

  it('two processes racing to make the key end up with one assigned (the loser reads it)', async () => {
    const [a, b] = [keys(), keys()];
    await Promise.all([a.prepare('alice'), b.prepare('alice')]);
    expect(await store.readStream(subjectKeyIndexStreamName(pseudonyms.ref('alice')))).toHaveLength(1);
    const stored = await a.encode('tokenFamily-fam1', issued());
    expect((await b.decode(stored as { type: string; data: unknown })).data).toMatchObject({ subject: 'alice' });
  });

  it('encodes TokenIssued synchronously once prepared, with the four fields only in the ciphertext', async () => {
    const subjectKeys = keys();
    await subjectKeys.prepare('alice');
    const stored = subjectKeys.encode('tokenFamily-fam1', issued());
    expect(stored).not.toBeInstanceOf(Promise);
    const data = (stored as { data: Record<string, unknown> }).data;
    expect(data).not.toHaveProperty('subject');
    expect(data).not.toHaveProperty('username');
    expect(data).not.toHaveProperty('userId');
    expect(data).not.toHaveProperty('groups');
    expect(data.personal).toEqual({ subjectRef: pseudonyms.ref('alice'), ciphertext: expect.any(String) });
    expect(JSON.stringify(data)).not.toMatch(/alice|admins|00u1/);
    expect(data.familyId).toBe('fam1');
  });

  it('leaves other events and other streams as they are', () => {
    const subjectKeys = keys();
    const event = { type: 'TokenRefreshed', data: { familyId: 'fam1' } };
    expect(subjectKeys.encode('tokenFamily-fam1', event)).toBe(event);
    const elsewhere = { type: 'TokenIssued', data: { subject: 'x' } };
    expect(subjectKeys.encode('other-1', elsewhere)).toBe(elsewhere);
  });

  it('decodes in another process (keys read from the stream), and plaintext events as they are', async () => {
    const writer = keys();
    const stored = await writer.encode('tokenFamily-fam1', issued());
    const reader = new SubjectKeys({ store, ring, now: () => 0 });
    expect((await reader.decode(stored)).data).toEqual(issued().data);
    expect(await reader.personalOf(stored.data)).toEqual({
      kind: 'decrypted',
      subjectRef: pseudonyms.ref('alice'),
      fields: { subject: 'alice', username: 'alice@example.com', userId: '00u1', groups: ['admins'] },
    });
    const legacy = issued();
    expect((await reader.decode(legacy)).data).toEqual(legacy.data);
    expect(await reader.personalOf(legacy.data)).toEqual({ kind: 'plaintext' });
  });

  it('reads [erased] once the key stream is gone and the cache forgot it; other subjects still decode', async () => {
    const subjectKeys = keys();
    const alice = await subjectKeys.encode('tokenFamily-fam1', issued());
    const bob = await subjectKeys.encode('tokenFamily-fam2', issued({ familyId: 'fam2', subject: 'bob', username: 'bob' }));
    removeStream(store, await keyStream('alice'));
    subjectKeys.forget(pseudonyms.ref('alice'));
    expect((await subjectKeys.decode(alice)).data).toMatchObject({ subject: ERASED, username: ERASED, userId: ERASED, groups: [ERASED] });
    expect(await subjectKeys.personalOf(alice.data)).toEqual({ kind: 'erased', subjectRef: pseudonyms.ref('alice') });
    expect((await subjectKeys.decode(bob)).data).toMatchObject({ subject: 'bob' });
    // A fresh process finds no key either.
    const fresh = new SubjectKeys({ store, ring, now: () => 0 });
    expect((await fresh.decode(alice)).data).toMatchObject({ subject: ERASED });
  });

  it('gives an erased subject a new key when it is issued tokens again; the old ciphertexts stay erased', async () => {
    const subjectKeys = keys();
    const before = await subjectKeys.encode('tokenFamily-fam1', issued());
    removeStream(store, await keyStream('alice'));
    subjectKeys.forget(pseudonyms.ref('alice'));
    const erasedStream = await keyStream('alice');
    await subjectKeys.prepare('alice');
    // A new key in a new stream: the removed one is never written again.
    expect(await keyStream('alice')).not.toBe(erasedStream);
    expect(await subjectKeys.keyStreamsOf(pseudonyms.ref('alice'))).toEqual([erasedStream, await keyStream('alice')]);
    const after = await subjectKeys.encode('tokenFamily-fam3', issued({ familyId: 'fam3' }));
    expect((await subjectKeys.decode(after)).data).toMatchObject({ subject: 'alice' });
    expect((await subjectKeys.decode(before)).data).toMatchObject({ subject: ERASED });
  });

  it('rewraps every data key under the current KEK once, so the previous one can be retired', async () => {
    const writer = keys();
    const stored = await writer.encode('tokenFamily-fam1', issued());
    const next = new KeyEncryptionKeyRing(new LocalKeyEncryptionKey(Buffer.alloc(32, 9)), [ring.current]);
    const rewrapping = new SubjectKeys({ store, ring: next, pseudonyms, now: () => 0 });
    expect(await rewrapping.rewrapAll('admin:service')).toEqual({ kekId: next.current.id, rewrapped: 1, alreadyCurrent: 0, failed: [] });
    expect(await rewrapping.rewrapAll('admin:service')).toMatchObject({ rewrapped: 0, alreadyCurrent: 1 });
    const events = await store.readStream(await keyStream('alice'));
    expect(events.map((e) => e.type)).toEqual(['SubjectDataKeyCreated', 'SubjectDataKeyRewrapped']);
    // The new KEK alone opens it: the personal fields decrypt as before.
    const retired = new SubjectKeys({ store, ring: new KeyEncryptionKeyRing(next.current), now: () => 0 });
    expect((await retired.decode(stored)).data).toMatchObject({ subject: 'alice' });
    // Without the KEK a key is under, it is reported, not rewrapped.
    const stranger = new SubjectKeys({ store, ring: new KeyEncryptionKeyRing(new LocalKeyEncryptionKey(Buffer.alloc(32, 5))), now: () => 0 });
    expect(await stranger.rewrapAll('admin:service')).toMatchObject({ rewrapped: 0, failed: [{ subjectRef: pseudonyms.ref('alice'), reason: 'key_unwrap_failed' }] });
  });
});
