import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import {
  nextSigningKeyRetirement,
  publishedSigningKeys,
  signingKeysDecider,
  signingKeysStreamName,
  type SigningKeysState,
} from '@ledger/domain';
import { CommandLoop, EVENT_STORE, EventStoreUnavailableError, fullFoldLoader, type EventStore } from '@ledger/event-sourcing';
import {
  createJwks,
  JwtVerificationFailed,
  KeyEncryptionKeyRing,
  toPublicJwk,
  unwrapSigningKey,
  VerifiedJwtCache,
  verifyJwt,
  type JwtSigner,
  type PublicJwk,
  type PublicJwks,
  type SigningKey,
  type VerifiedJwt,
  type VerifyJwtOptions,
} from '@ledger/token-crypto';
import { randomUUID } from 'node:crypto';
import { ConfigurationRegistry } from '../configuration/configuration.registry';
import { CLOCK, type Clock } from '../shared/clock';
import { newSigningKey } from './new-signing-key';

/**
 * How long a replica trusts its folded key state before re-reading the stream (in the
 * background, on the next use). A rotation on another replica reaches this one within this
 * time, so it must stay well below the domain's `SIGNING_KEY_RETIREMENT_GRACE_MINUTES`: until
 * then this replica still signs with the replaced key.
 */
export const KEY_STATE_MAX_AGE_MS = 30_000;

/** Verified JWTs remembered (about 1 KiB each): a resource server's working set of live access tokens. */
const VERIFIED_TOKENS_KEPT = 20_000;

/**
 * Least time between two re-reads caused by a token whose `kid` is unknown here, so forged
 * tokens with made-up kids cost at most one small stream read per interval.
 */
export const UNKNOWN_KID_REREAD_INTERVAL_MS = 5_000;

/**
 * Nothing can be signed for the server: the active key's private half cannot be unwrapped here
 * (`kid` set: it is wrapped under a key-encryption key this replica does not hold, or was recorded
 * before keys travelled in events and never imported), or its keys are not loaded yet (`kid`
 * null; a read has been started).
 */
export class SigningKeyUnavailableError extends Error {
  readonly code = 'signing_key_unavailable' as const;
  constructor(
    readonly authorizationServerId: string,
    readonly kid: string | null,
  ) {
    super(
      kid === null
        ? `no signing key of authorization server ${authorizationServerId} is loaded (yet)`
        : `the private half of signing key ${kid} (authorization server ${authorizationServerId}) cannot be unwrapped by this replica: ` +
          'every replica needs the key-encryption key it was wrapped under (LEDGER_KEY_ENCRYPTION_KEY, or LEDGER_PREVIOUS_KEY_ENCRYPTION_KEYS until it is rewrapped)',
    );
    this.name = 'SigningKeyUnavailableError';
  }
}

/** One authorization server's keys as last read from its stream. */
interface KeySnapshot {
  readonly state: SigningKeysState;
  readonly revision: bigint | 'no_stream';
  /** The active key with its private half, or `null` when this replica cannot unwrap it. */
  readonly signingKey: SigningKey | null;
}

/** The published keys derived from a snapshot, valid until the next retirement. */
interface Publication {
  readonly snapshot: KeySnapshot;
  readonly computedAt: number;
  /** Epoch ms at which a published key retires (so this must be recomputed); Infinity if never. */
  readonly validUntil: number;
  readonly publicKeys: readonly PublicJwk[];
  readonly jwks: PublicJwks;
}

/**
 * Each authorization server's signing keys for the hot path (signing on issue and refresh,
 * verifying on introspection and revocation).
 *
 * Everything comes from the recorded `signingKeys-<as>` events, so every replica on one event
 * store agrees on it and needs no shared disk: the published JWKS and the verification keys
 * (public JWKs), and the active key's private half, unwrapped from its event with the
 * key-encryption key (each key is unwrapped once per process and kept in memory). The folded state is
 * cached in memory and read synchronously. It is re-read right after a rotation in this process
 * ({@link refresh}), in the background once it is older than {@link KEY_STATE_MAX_AGE_MS} (a
 * rotation on another replica), and when a token names a `kid` not known here (at most once per
 * {@link UNKNOWN_KID_REREAD_INTERVAL_MS}). Retirement is judged with the injected clock on every
 * call, so a retired key leaves the JWKS and the verification set on time without a re-read.
 */
@Injectable()
export class SigningKeysService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SigningKeysService.name);
  private readonly snapshots = new Map<string, KeySnapshot>();
  private readonly publications = new Map<string, Publication>();
  /** The re-read in flight per server, so concurrent triggers share one read. */
  private readonly rereads = new Map<string, Promise<boolean>>();
  private readonly lastReadStartedAt = new Map<string, number>();
  private readonly lastUnknownKidRereadAt = new Map<string, number>();
  /** Private keys unwrapped so far, by `<as>\u0000<kid>` (a kid is its key's thumbprint, checked on unwrap). */
  private readonly unwrapped = new Map<string, SigningKey>();
  private closing = false;
  /** Access tokens already verified here: introspection of the same token costs a hash, not an ECDSA verification. */
  private readonly verified = new VerifiedJwtCache(VERIFIED_TOKENS_KEPT);

  constructor(
    private readonly ring: KeyEncryptionKeyRing,
    private readonly loop: CommandLoop,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly registry: ConfigurationRegistry,
  ) {}

  /**
   * Makes the server's keys ready (at start, or when a server is created): on a server with no
   * recorded key, creates one and records it (its private half wrapped) as the first; then reads
   * the stream. A restart records nothing: the stream already holds the signing key.
   */
  async ensure(authorizationServerId: string): Promise<void> {
    const streamName = signingKeysStreamName(authorizationServerId);
    const { state } = await fullFoldLoader(signingKeysDecider)(this.eventStore, streamName);
    if (state.activeKid === null) {
      const algorithm = this.registry.signingSettingsOf(authorizationServerId).algorithm;
      const key = await newSigningKey(this.ring, authorizationServerId, this.clock.now(), algorithm);
      await this.loop.run({
        streamName,
        decider: signingKeysDecider,
        load: fullFoldLoader(signingKeysDecider),
        command: { type: 'RecordSigningKey', data: { authorizationServerId, ...key } },
        commandId: `signing-key:${authorizationServerId}:${key.kid}:${randomUUID()}`,
        metadata: { actor: 'system:signing-keys' },
      });
    }
    await this.refresh(authorizationServerId);
  }

  /**
   * {@link ensure} for each server, at start. A server whose keys cannot be created or read is
   * logged as an error naming it and skipped, so the others still serve; its token
   * endpoints answer as for any server whose keys are unavailable. An event store that cannot
   * be reached fails the start, as it fails every server. Resolves to the ids skipped.
   */
  async ensureEach(authorizationServerIds: readonly string[]): Promise<string[]> {
    const skipped: string[] = [];
    for (const authorizationServerId of authorizationServerIds) {
      try {
        await this.ensure(authorizationServerId);
      } catch (error) {
        if (error instanceof EventStoreUnavailableError) throw error;
        skipped.push(authorizationServerId);
        this.logger.error({
          msg: 'the signing keys of an authorization server cannot be created or loaded: it is skipped and cannot issue tokens',
          authorizationServerId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return skipped;
  }

  /**
   * Re-reads the server's key stream now, after any read already in flight (which may predate
   * a rotation this process just recorded). Resolves to whether the recorded keys changed.
   */
  async refresh(authorizationServerId: string): Promise<boolean> {
    await this.rereads.get(authorizationServerId)?.catch(() => undefined);
    return this.reread(authorizationServerId);
  }

  /**
   * The signer of the server's active key.
   *
   * @throws {SigningKeyUnavailableError} this replica cannot unwrap the active key's private half.
   */
  signerFor(authorizationServerId: string): JwtSigner {
    const snapshot = this.current(authorizationServerId);
    if (!snapshot.signingKey) throw new SigningKeyUnavailableError(authorizationServerId, snapshot.state.activeKid);
    return snapshot.signingKey.signer;
  }

  /** Every public key a verifier may still need now: the active key, then keys not yet retired. */
  publicKeys(authorizationServerId: string): readonly PublicJwk[] {
    return this.publication(authorizationServerId).publicKeys;
  }

  /** The algorithms of the published keys, the active key's first (discovery's `..._signing_alg_values_supported`). */
  algorithms(authorizationServerId: string): string[] {
    const algs = this.publicKeys(authorizationServerId).map((key) => key.alg).filter((alg): alg is string => typeof alg === 'string');
    return [...new Set(algs)];
  }

  /** The keys as last read here, or `null` before the first read (for the management resource). */
  cachedState(authorizationServerId: string): SigningKeysState | null {
    return this.snapshots.get(authorizationServerId)?.state ?? null;
  }

  /** The JWKS document of the server (the body of `GET /oauth2/{as}/v1/keys`). */
  jwks(authorizationServerId: string): PublicJwks {
    return this.publication(authorizationServerId).jwks;
  }

  /**
   * Verifies a JWT against the server's current verification keys. A `kid` unknown here may be
   * a key another replica just rotated to, so the stream is re-read once (rate-limited) and the
   * token verified again when that brought new keys.
   *
   * @throws {JwtVerificationFailed} as {@link verifyJwt}.
   */
  async verify(authorizationServerId: string, token: string, options: Omit<VerifyJwtOptions, 'keys'>): Promise<VerifiedJwt> {
    if (!this.snapshots.has(authorizationServerId)) await this.reread(authorizationServerId);
    try {
      return await this.verifyOnce(token, this.publicKeys(authorizationServerId), options);
    } catch (error) {
      if (!(error instanceof JwtVerificationFailed) || error.code !== 'jwt_key_unknown') throw error;
      if (!(await this.rereadForUnknownKid(authorizationServerId))) throw error;
      return this.verifyOnce(token, this.publicKeys(authorizationServerId), options);
    }
  }

  /** A token verified before against this very key list (see {@link VerifiedJwtCache}) is not verified again. */
  private async verifyOnce(token: string, keys: readonly PublicJwk[], options: Omit<VerifyJwtOptions, 'keys'>): Promise<VerifiedJwt> {
    const known = this.verified.get(token, keys, options);
    if (known) return known;
    const verified = await verifyJwt(token, { ...options, keys });
    this.verified.remember(token, keys, options, verified);
    return verified;
  }

  /** Resolves once every re-read in flight has landed (shutdown, and tests of the background path). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.rereads.values()]);
  }

  /** Stops starting re-reads and waits for those in flight, before the event store closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.settled();
  }

  private current(authorizationServerId: string): KeySnapshot {
    const snapshot = this.snapshots.get(authorizationServerId);
    if (!snapshot) {
      // A server created on another replica was never ensured here: its keys are in the store,
      // so read them now and let the caller retry rather than fail until a restart.
      if (!this.closing) this.rereadInBackground(authorizationServerId);
      throw new SigningKeyUnavailableError(authorizationServerId, null);
    }
    const startedAt = this.lastReadStartedAt.get(authorizationServerId) ?? Number.NEGATIVE_INFINITY;
    if (!this.closing && this.clock.now() - startedAt >= KEY_STATE_MAX_AGE_MS) {
      // Stale-while-revalidate: this call is answered from the cache, a later one sees the read.
      this.rereadInBackground(authorizationServerId);
    }
    return snapshot;
  }

  private rereadInBackground(authorizationServerId: string): void {
    if (this.rereads.has(authorizationServerId)) return;
    this.reread(authorizationServerId).catch((error: unknown) => {
      this.logger.warn({ msg: 'signing keys re-read failed', authorizationServerId, error: error instanceof Error ? error.message : String(error) });
    });
  }

  private publication(authorizationServerId: string): Publication {
    const snapshot = this.current(authorizationServerId);
    const now = this.clock.now();
    const cached = this.publications.get(authorizationServerId);
    if (cached && cached.snapshot === snapshot && now >= cached.computedAt && now < cached.validUntil) return cached;
    const publicKeys = publishedSigningKeys(snapshot.state, now).map((key) => toPublicJwk(key.publicJwk));
    const publication: Publication = {
      snapshot,
      computedAt: now,
      validUntil: nextSigningKeyRetirement(snapshot.state, now) ?? Number.POSITIVE_INFINITY,
      publicKeys,
      jwks: createJwks(publicKeys),
    };
    this.publications.set(authorizationServerId, publication);
    return publication;
  }

  private async rereadForUnknownKid(authorizationServerId: string): Promise<boolean> {
    let read = this.rereads.get(authorizationServerId);
    if (!read) {
      const now = this.clock.now();
      const last = this.lastUnknownKidRereadAt.get(authorizationServerId) ?? Number.NEGATIVE_INFINITY;
      if (this.closing || now - last < UNKNOWN_KID_REREAD_INTERVAL_MS) return false;
      this.lastUnknownKidRereadAt.set(authorizationServerId, now);
      read = this.reread(authorizationServerId);
    }
    try {
      return await read;
    } catch (error) {
      // The token stays unverified (as with any unknown kid); the store failure is for the logs.
      this.logger.warn({ msg: 'signing keys re-read failed', authorizationServerId, error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }

  /** One read of the stream; concurrent callers share it. Resolves to whether the keys changed. */
  private reread(authorizationServerId: string): Promise<boolean> {
    const inFlight = this.rereads.get(authorizationServerId);
    if (inFlight) return inFlight;
    this.lastReadStartedAt.set(authorizationServerId, this.clock.now());
    const read = this.read(authorizationServerId).finally(() => {
      if (this.rereads.get(authorizationServerId) === read) this.rereads.delete(authorizationServerId);
    });
    this.rereads.set(authorizationServerId, read);
    return read;
  }

  private async read(authorizationServerId: string): Promise<boolean> {
    const loaded = await fullFoldLoader(signingKeysDecider)(this.eventStore, signingKeysStreamName(authorizationServerId));
    const previous = this.snapshots.get(authorizationServerId);
    if (previous && !isNewer(loaded.revision, previous.revision) && previous.signingKey) return false;
    const signingKey = await this.privateHalfOf(authorizationServerId, loaded.state);
    // Another read may have landed a newer revision while the key was unwrapped.
    const latest = this.snapshots.get(authorizationServerId);
    if (latest && isNewer(latest.revision, loaded.revision)) return false;
    this.snapshots.set(authorizationServerId, { state: loaded.state, revision: loaded.revision, signingKey });
    return !previous || isNewer(loaded.revision, previous.revision);
  }

  private async privateHalfOf(authorizationServerId: string, state: SigningKeysState): Promise<SigningKey | null> {
    const active = state.keys.find((key) => key.kid === state.activeKid);
    if (!active) return null;
    const cacheKey = `${authorizationServerId}\u0000${active.kid}`;
    const cached = this.unwrapped.get(cacheKey);
    if (cached) return cached;
    // Never fall back to the replaced key: a rotation is often the answer to a leaked key.
    if (active.wrappedPrivateKey === undefined) {
      this.logger.error({
        msg: 'the active signing key was recorded without its private half (before keys travelled in events) and was never imported; tokens cannot be signed until the old keys directory is imported on start or the key is rotated',
        authorizationServerId,
        kid: active.kid,
      });
      return null;
    }
    try {
      const key = await unwrapSigningKey(authorizationServerId, { kid: active.kid, createdAt: active.createdAt, wrappedPrivateKey: active.wrappedPrivateKey }, this.ring);
      this.unwrapped.set(cacheKey, key);
      return key;
    } catch (error) {
      this.logger.error({
        msg: 'the active signing key cannot be unwrapped by this replica; tokens cannot be signed until it is given the key-encryption key the key was wrapped under',
        authorizationServerId,
        kid: active.kid,
        kekId: active.kekId,
        heldKekIds: [this.ring.current.id, ...this.ring.previous.map((kek) => kek.id)],
        error: error instanceof Error ? error.message : String(error),
      });
      return null;
    }
  }
}

function isNewer(a: bigint | 'no_stream', b: bigint | 'no_stream'): boolean {
  if (a === 'no_stream') return false;
  return b === 'no_stream' || a > b;
}
