import {
  ERASED,
  erasedPersonalFields,
  legacySubjectOf,
  legacySubjectRef,
  parsePersonalFields,
  personalFieldsOf,
  storedPersonalOf,
  subjectKeyStreamName,
  TOKEN_FAMILY_CATEGORY,
  withoutPersonalFields,
  withPersonalFields,
  type PersonalFields,
  type StoredPersonal,
  type StoredTokenIssuedData,
  SUBJECT_KEY_CATEGORY,
  parseSubjectKeyStreamName,
  subjectKeyDecider,
  subjectKeyIndexDecider,
  subjectKeyIndexStreamName,
  type SubjectDataKeyAssigned,
  type SubjectKeyIndexState,
  type SubjectDataKeyCreatedData,
  type SubjectKeyEvent,
  type SubjectKeyState,
  type TokenIssuedData,
} from '@ledger/domain';
import {
  canonicalJson,
  CommandLoop,
  fullFoldLoader,
  uuidv7,
  type EventStore,
  type PlainEvent,
  type RecordedEvent,
} from '@ledger/event-sourcing';
import {
  decryptPersonalData,
  encryptPersonalData,
  kekIdOfWrappedKey,
  TokenCryptoError,
  newSubjectDataKey,
  personalDataKeyId,
  PersonalDataUndecryptable,
  unwrapSubjectDataKey,
  wrapSubjectDataKey,
  type KeyEncryptionKeyRing,
  type SubjectPseudonyms,
} from '@ledger/token-crypto';
import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { readAllEvents } from './event-pages';

/** A subject's current data key, in memory. */
interface CurrentKey {
  readonly keyId: string;
  readonly key: Uint8Array;
}

/** A key stream found empty: the key was destroyed (an erasure). Key ids are never reused. */
const GONE = 'gone' as const;

/** What {@link SubjectKeys.rewrapAll} did: counts and key ids, never key material. */
export interface SubjectKeysRewrap {
  readonly kekId: string;
  readonly rewrapped: number;
  readonly alreadyCurrent: number;
  /** Keys under a key-encryption key this process does not hold (give it, and call again). */
  readonly failed: readonly { readonly subjectRef: string; readonly keyId: string; readonly kekId: string | null; readonly reason: string }[];
}

/** What {@link SubjectKeys.personalOf} answers for a stored issuance. */
export type PersonalDataView =
  | { readonly kind: 'plaintext' }
  | { readonly kind: 'decrypted'; readonly subjectRef: string; readonly fields: PersonalFields }
  | { readonly kind: 'erased'; readonly subjectRef: string };

/** Options of {@link SubjectKeys}. */
export interface SubjectKeysOptions {
  readonly store: EventStore;
  readonly ring: KeyEncryptionKeyRing;
  /** Needed to encrypt (a subject's pseudonym); a reader that only decrypts may leave it out. */
  readonly pseudonyms?: SubjectPseudonyms;
  readonly now: () => number;
  /** Subjects whose keys stay in memory (least recently used out first). */
  readonly cacheSize?: number;
  /** `actor` of the key events. */
  readonly actor?: string;
}

/**
 * The per-subject data keys that encrypt the personal fields of `TokenIssued` (crypto-shredding:
 * erasing a subject destroys its key, and every copy of its ciphertext, in the log, the read
 * models and the backups, becomes unreadable).
 *
 * - Issuance: {@link prepare} gets or creates the subject's key, then the command loop's
 *   {@link encode} hook encrypts synchronously from memory. The current key is named by the
 *   index `subjectKeys-<subjectRef>` (`SubjectDataKeyAssigned`); each key lives in a stream of
 *   its own, `subjectKey-<subjectRef>.<keyId>` (`SubjectDataKeyCreated`), made before it is
 *   assigned; of two replicas assigning a first key at once one wins and the other reads it.
 * - Reading: {@link decode}/{@link personalOf} decrypt with the key the ciphertext names (`kid`),
 *   read once and kept (wrapped keys are unwrapped once per process); a key stream found empty
 *   is the known answer "erased".
 * - Erasure: {@link forget} drops the subject from memory (the erasing replica at once, the
 *   others when they see `SubjectErased`).
 *
 * Events written before personal fields were encrypted keep them in plaintext and read as they are.
 */
export class SubjectKeys {
  /** Each subject's current key, by subject ref. */
  private readonly current: LRUCache<string, CurrentKey>;
  /** Keys read, by key stream name, or {@link GONE}. */
  private readonly keys: LRUCache<string, Uint8Array | typeof GONE>;
  /** Reads and creations in flight, so concurrent callers share one. */
  private readonly pending = new Map<string, Promise<unknown>>();
  /** Its own loop (no cache, no encoder): the service's loop encodes through this class. */
  private readonly loop: CommandLoop;

  constructor(private readonly options: SubjectKeysOptions) {
    this.current = new LRUCache({ max: options.cacheSize ?? 10_000 });
    this.keys = new LRUCache({ max: options.cacheSize ?? 10_000 });
    this.loop = new CommandLoop(options.store);
  }

  /** The subject's pseudonym. */
  ref(subject: string): string {
    if (!this.options.pseudonyms) throw new Error('SubjectKeys: no pseudonym key (a reader only decrypts)');
    return this.options.pseudonyms.ref(subject);
  }

  /**
   * Every `subjectRef` a read model may file the subject's families under: its pseudonym, and
   * the marked plaintext of families issued before personal fields were encrypted.
   */
  refsOf(subject: string): string[] {
    return [this.ref(subject), legacySubjectRef(subject)];
  }

  /**
   * The subject a read-model row names (its `subjectRef` and encrypted `personal`): decrypted,
   * the plaintext of an older family, or `[erased]`.
   */
  async subjectOf(row: { readonly subjectRef: string; readonly personal: string | null }): Promise<string> {
    if (row.personal === null) return legacySubjectOf(row.subjectRef) ?? ERASED;
    const fields = await this.fieldsOf({ subjectRef: row.subjectRef, ciphertext: row.personal });
    return fields?.subject ?? ERASED;
  }

  /**
   * Makes sure the subject has a data key and it is in memory (created and recorded if it has
   * none): the I/O an issuance does before its command runs, so {@link encode} needs none.
   */
  async prepare(subject: string): Promise<void> {
    const ref = this.ref(subject);
    if (this.current.get(ref)) return;
    await this.getOrCreate(ref);
  }

  /**
   * The command loop's encoder: a token family's `TokenIssued` is stored with `personal:
   * { subjectRef, ciphertext }` in place of `subject`, `username`, `userId` and `groups`; every
   * other event as it is. Synchronous when the key is in memory ({@link prepare}).
   */
  readonly encode = (streamName: string, event: PlainEvent): PlainEvent | Promise<PlainEvent> => {
    if (event.type !== 'TokenIssued' || !streamName.startsWith(`${TOKEN_FAMILY_CATEGORY}-`)) return event;
    const data = event.data as TokenIssuedData;
    if (storedPersonalOf(data)) return event;
    const ref = this.ref(data.subject);
    const current = this.current.get(ref);
    if (current) return { type: event.type, data: encrypted(data, ref, current) };
    return this.getOrCreate(ref).then((key) => ({ type: event.type, data: encrypted(data, ref, key) }));
  };

  /**
   * The decided form of a stored event: a `TokenIssued` with its personal fields decrypted, or
   * `[erased]` when the subject's key is gone; any other event (and a plaintext one) as it is.
   *
   * @throws {KeyUnwrapFailed} the key exists but this process holds no KEK that unwraps it.
   */
  readonly decode = async (event: PlainEvent): Promise<PlainEvent> => {
    if (event.type !== 'TokenIssued') return { type: event.type, data: event.data };
    return { type: event.type, data: await this.decodeIssued(event.data) };
  };

  /** {@link decode} of a `TokenIssued`'s data. */
  async decodeIssued(data: unknown): Promise<TokenIssuedData> {
    const stored = storedPersonalOf(data);
    if (!stored) return data as TokenIssuedData;
    const fields = await this.fieldsOf(stored);
    return withPersonalFields(data as StoredTokenIssuedData, fields ?? erasedPersonalFields());
  }

  /** Every event's decided form, in order (a family's history for an audit fold). */
  async decodeAll(events: readonly RecordedEvent[]): Promise<PlainEvent[]> {
    const out: PlainEvent[] = [];
    for (const event of events) out.push(await this.decode(event));
    return out;
  }

  /** The records with each one's data in its decided form (metadata, revision and the rest as stored). */
  async decodeRecords(records: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    for (const record of records) out.push(record.type === 'TokenIssued' ? { ...record, data: (await this.decode(record)).data } : record);
    return out;
  }

  /** What a stored event's personal fields read as: plaintext (older events), decrypted, or erased. */
  async personalOf(data: unknown): Promise<PersonalDataView> {
    const stored = storedPersonalOf(data);
    if (!stored) return { kind: 'plaintext' };
    const fields = await this.fieldsOf(stored);
    return fields ? { kind: 'decrypted', subjectRef: stored.subjectRef, fields } : { kind: 'erased', subjectRef: stored.subjectRef };
  }

  /** Drops the subject's keys from memory: it was erased (here or on another replica). */
  forget(subjectRef: string): void {
    this.current.delete(subjectRef);
    const prefix = subjectKeyStreamName(subjectRef, '');
    for (const name of [...this.keys.keys()]) if (name.startsWith(prefix)) this.keys.set(name, GONE);
  }

  /** Every key stream the subject ever had (its index lists them); the erasure removes those still there. */
  async keyStreamsOf(subjectRef: string): Promise<string[]> {
    const index = await this.readIndex(subjectRef);
    return index.keyIds.map((keyId) => subjectKeyStreamName(subjectRef, keyId));
  }

  private async fieldsOf(stored: StoredPersonal): Promise<PersonalFields | null> {
    const keyId = personalDataKeyId(stored.ciphertext);
    if (keyId === undefined) return null;
    const key = await this.keyFor(stored.subjectRef, keyId);
    if (!key) return null;
    try {
      return parsePersonalFields(decryptPersonalData(key, stored.ciphertext));
    } catch (error) {
      // Not this key's ciphertext after all (altered): nothing can be shown, as for an erasure.
      if (error instanceof PersonalDataUndecryptable) return null;
      throw error;
    }
  }

  /** The key `keyId` of the subject, or `null` when its stream no longer holds it (erased). */
  private async keyFor(subjectRef: string, keyId: string): Promise<Uint8Array | null> {
    const name = subjectKeyStreamName(subjectRef, keyId);
    const cached = this.keys.get(name);
    if (cached === GONE) return null;
    if (cached) return cached;
    const key = await this.once(`read\u0000${name}`, () => this.readKey(name));
    this.keys.set(name, key ?? GONE);
    return key;
  }

  private async readKey(streamName: string): Promise<Uint8Array | null> {
    const events = await this.options.store.readStream(streamName);
    let state = subjectKeyDecider.initialState();
    for (const event of events) state = subjectKeyDecider.evolve(state, { type: event.type, data: event.data } as SubjectKeyEvent);
    const [recorded] = state.keys;
    return recorded ? unwrapSubjectDataKey(this.options.ring, recorded.wrappedKey) : null;
  }

  private async readIndex(subjectRef: string): Promise<SubjectKeyIndexState> {
    const events = await this.options.store.readStream(subjectKeyIndexStreamName(subjectRef));
    let state = subjectKeyIndexDecider.initialState();
    for (const event of events) state = subjectKeyIndexDecider.evolve(state, { type: event.type, data: event.data } as SubjectDataKeyAssigned);
    return state;
  }

  /**
   * The subject's current key: the one its index names while its stream holds it; else (a first
   * issuance, or one after an erasure) a new key, recorded in a stream of its own and then
   * assigned over the one found (so a replica that assigned first wins, and this one reads it;
   * the key it made stays unused). A new stream every time: no revision of a removed stream is
   * ever written again.
   */
  private getOrCreate(subjectRef: string): Promise<CurrentKey> {
    return this.once(`create\u0000${subjectRef}`, async () => {
      for (let attempt = 1; attempt <= 5; attempt++) {
        const { keyIds } = await this.readIndex(subjectRef);
        const currentId = keyIds.length > 0 ? keyIds[keyIds.length - 1] : null;
        if (currentId !== null) {
          const key = await this.keyFor(subjectRef, currentId);
          if (key) {
            const current = { keyId: currentId, key };
            this.current.set(subjectRef, current);
            return current;
          }
        }
        const made = await this.create(subjectRef);
        const assigned = await this.loop.run({
          streamName: subjectKeyIndexStreamName(subjectRef),
          decider: subjectKeyIndexDecider,
          load: fullFoldLoader(subjectKeyIndexDecider),
          command: { type: 'AssignSubjectDataKey', data: { subjectRef, keyId: made.keyId, assignedAt: this.options.now(), replaces: currentId } },
          commandId: uuidv7(),
          metadata: { actor: this.options.actor ?? 'system' },
        });
        if (assigned.events.length > 0) {
          this.current.set(subjectRef, made);
          return made;
        }
      }
      throw new Error('no data key could be assigned to the subject (other writers kept assigning)');
    });
  }

  /** Records a new key in its own stream (`no_stream`: the name is new). */
  private async create(subjectRef: string): Promise<CurrentKey> {
    const key = newSubjectDataKey();
    const keyId = randomBytes(12).toString('base64url');
    const data: SubjectDataKeyCreatedData = {
      subjectRef,
      keyId,
      wrappedKey: await wrapSubjectDataKey(this.options.ring, key),
      createdAt: this.options.now(),
    };
    await this.loop.run({
      streamName: subjectKeyStreamName(subjectRef, keyId),
      decider: subjectKeyDecider,
      load: fullFoldLoader(subjectKeyDecider),
      command: { type: 'CreateSubjectDataKey', data },
      commandId: uuidv7(),
      metadata: { actor: this.options.actor ?? 'system' },
    });
    this.keys.set(subjectKeyStreamName(subjectRef, keyId), key);
    return { keyId, key };
  }

  /**
   * Wraps every subject's data key that is under another key-encryption key than the current
   * one anew, under the current one (`SubjectDataKeyRewrapped`), so the previous KEK can be
   * retired: the keys themselves do not change. Reads every key stream (an admin operation).
   */
  async rewrapAll(actor: string, metadata: Record<string, unknown> = {}): Promise<SubjectKeysRewrap> {
    const states = new Map<string, SubjectKeyState>();
    for await (const event of readAllEvents(this.options.store, { filter: { streamNamePrefixes: [`${SUBJECT_KEY_CATEGORY}-`] } })) {
      if (!event.streamName.startsWith(`${SUBJECT_KEY_CATEGORY}-`)) continue;
      const state = states.get(event.streamName) ?? subjectKeyDecider.initialState();
      states.set(event.streamName, subjectKeyDecider.evolve(state, { type: event.type, data: event.data } as SubjectKeyEvent));
    }
    const kekId = this.options.ring.current.id;
    let rewrapped = 0;
    let alreadyCurrent = 0;
    const failed: SubjectKeysRewrap['failed'][number][] = [];
    for (const [streamName, state] of states) {
      const named = parseSubjectKeyStreamName(streamName);
      if (!named) continue;
      const { subjectRef } = named;
      for (const { keyId, wrappedKey } of state.keys) {
        const wrappedUnder = kekIdOfWrappedKey(wrappedKey) ?? null;
        if (wrappedUnder === kekId) {
          alreadyCurrent += 1;
          continue;
        }
        let rewrappedKey: string;
        try {
          rewrappedKey = await wrapSubjectDataKey(this.options.ring, await unwrapSubjectDataKey(this.options.ring, wrappedKey));
        } catch (error) {
          if (!(error instanceof TokenCryptoError)) throw error;
          failed.push({ subjectRef, keyId, kekId: wrappedUnder, reason: error.code });
          continue;
        }
        const result = await this.loop.run({
          streamName,
          decider: subjectKeyDecider,
          load: fullFoldLoader(subjectKeyDecider),
          command: { type: 'RewrapSubjectDataKey', data: { subjectRef, keyId, wrappedKey: rewrappedKey, previousWrappedKey: wrappedKey } },
          commandId: uuidv7(),
          metadata: { ...metadata, actor },
        });
        if (result.events.length > 0) rewrapped += 1;
      }
    }
    return { kekId, rewrapped, alreadyCurrent, failed };
  }

  private once<T>(name: string, work: () => Promise<T>): Promise<T> {
    const running = this.pending.get(name) as Promise<T> | undefined;
    if (running) return running;
    const started = work().finally(() => this.pending.delete(name));
    this.pending.set(name, started);
    return started;
  }
}

/** The stored issuance: the fields but the personal ones, and those encrypted under the subject's key. */
function encrypted(data: TokenIssuedData, subjectRef: string, current: CurrentKey): StoredTokenIssuedData {
  const ciphertext = encryptPersonalData(current.key, current.keyId, canonicalJson(personalFieldsOf(data)));
  return { ...withoutPersonalFields(data), personal: { subjectRef, ciphertext } };
}
