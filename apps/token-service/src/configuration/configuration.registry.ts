import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import {
  activeSecretHashes,
  authorizationServerDecider,
  authorizationServerIssuer,
  authorizationServerIdFromStreamName,
  clientDecider,
  clientIdFromStreamName,
  corsOriginsOf,
  evaluatePolicy,
  isTrustedOriginsStream,
  trustedOriginsDecider,
  toPolicyView,
  type AuthorizationServerEvent,
  type AuthorizationServerState,
  type ClientEvent,
  type ClientJwks,
  type ClientState,
  type ClientStatus,
  type ExternalEndpoints,
  type PolicyDecision,
  type PolicyRequest,
  type PolicyView,
  type RotationType,
  type TrustedOriginEvent,
  type TrustedOriginsState,
  LEGACY_SIGNING_SETTINGS,
  type SigningSettings,
} from '@ledger/domain';
import {
  comparePositions,
  EVENT_STORE,
  EventStoreUnavailableError,
  formatPosition,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  type Subscription,
} from '@ledger/event-sourcing';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { NotFoundError } from '../oauth-errors/oauth-errors';
import { RegistrySnapshotFile, type ClientStatusChange, type RegistrySnapshot } from './configuration-snapshot';

/** An authorization server as the token endpoints need it. */
export interface AuthorizationServerView {
  readonly id: string;
  readonly name: string;
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly scopes: readonly string[];
  /** The external login service's endpoints, for discovery. */
  readonly endpoints: ExternalEndpoints;
  /** Whether access tokens carry Okta's `ver`, `cid`, `uid` and `scp` claims. */
  readonly oktaAccessTokenClaims: boolean;
  /** Revision of the server's stream: the configuration version recorded as provenance. */
  readonly configVersion: number;
  /** The access policies at this configuration version, as plain data (for a decider to evaluate). */
  readonly policy: PolicyView;
  /** First-match policy evaluation at this configuration version. */
  evaluate(request: PolicyRequest): PolicyDecision;
}

/** A client as the token endpoints need it. */
export interface ClientView {
  readonly clientId: string;
  readonly clientName: string;
  readonly status: 'ACTIVE' | 'INACTIVE';
  readonly tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
  readonly grantTypes: readonly string[];
  /**
   * Hashes of the client's ACTIVE secrets (`sha256:<hex>` or `scrypt:...`; at most two during
   * a rotation, none for methods without a secret); never a raw secret.
   */
  readonly secretHashes: readonly string[];
  /** The client's public keys (`private_key_jwt`), or `null`. */
  readonly jwks: ClientJwks | null;
  readonly refreshToken: { readonly rotationType: RotationType; readonly leeway: number };
  /** RFC 9449 §5.2: every token request must carry a DPoP proof. */
  readonly dpopBoundAccessTokens: boolean;
}

/** Configuration streams this registry follows. */
const CONFIG_STREAM_PREFIXES = ['authorizationServer-', 'client-', 'trustedOrigins-'];
const CONFIG_FILTER = { streamNamePrefixes: CONFIG_STREAM_PREFIXES };
/** Events per read when catching up. */
const PAGE_SIZE = 1000;
/** How often the snapshot may be written (when something changed): "at most every few seconds". */
const DEFAULT_SNAPSHOT_INTERVAL_MS = 5_000;
/** Back-off between resubscriptions after the live subscription failed: 100 ms doubling to 5 s. */
const RESUBSCRIBE_MIN_MS = 100;
const RESUBSCRIBE_MAX_MS = 5_000;

/**
 * The family's first event stands past what the registry has read of the log, so the client's
 * status there is not known yet: call {@link ConfigurationRegistry.reach} and ask again.
 */
export class RegistryBehindError extends Error {
  readonly code = 'registry_behind' as const;
  constructor(readonly position: GlobalPosition) {
    super(`the configuration registry has not read the log up to ${formatPosition(position)} yet`);
    this.name = 'RegistryBehindError';
  }
}

/** Where a client's status at a position of the log comes from (see {@link ConfigurationRegistry.clientStatusAt}). */
export type ClientStatusAt = ClientStatus | 'unregistered' | 'not_yet_read';

/** How far the registry may be behind the log, for readiness. */
export interface RegistryLag {
  /** Milliseconds since the registry was last verified against the head of the log; `null` before the first check. */
  readonly verifiedAgoMs: number | null;
  /** The bound decisions wait for (`LEDGER_CONFIG_MAX_STALENESS_MS`). */
  readonly maxStalenessMs: number;
  /** Up to where the registry has read the log (`<commit>/<prepare>`), `null` for an empty log. */
  readonly position: string | null;
  /** Why the last check failed, while checks fail. */
  readonly lastCheckError: string | null;
  /** How long the check under way has been waiting for the store (the adapter retries within its budget), `null` when none is. */
  readonly checkRunningForMs: number | null;
  /** How this process's registry started: from a snapshot or the start of the log, and how many events that read. */
  readonly boot: RegistryBootReport;
}

/** What the start read: a restart from a snapshot reads only the events after it. */
export interface RegistryBootReport {
  readonly fromSnapshot: boolean;
  /** Position the start read from (`<commit>/<prepare>`), `start` without a snapshot. */
  readonly readFrom: string;
  /** Configuration events the start read from the store. */
  readonly eventsRead: number;
  /** Why a snapshot found was not used, if one was not. */
  readonly snapshotDiscarded?: string;
}

/** Test seams and tuning of the registry; the service uses the defaults. */
export interface ConfigurationRegistryOptions {
  /** Monotonic milliseconds for the freshness bound (default `performance.now`). */
  readonly now?: () => number;
  /** How often the registry verifies itself against the log's head (default a quarter of the bound); 0 = only on demand. */
  readonly checkIntervalMs?: number;
  /** The snapshot; default the file `LEDGER_REGISTRY_SNAPSHOT` names, `null` = none. */
  readonly snapshot?: RegistrySnapshotFile | null;
  /** Least time between two snapshot writes (default 5 s); 0 = only when asked ({@link ConfigurationRegistry.saveSnapshot}). */
  readonly snapshotIntervalMs?: number;
  /** Delay before resubscribing after the `attempt`-th failure in a row. */
  readonly resubscribeDelayMs?: (attempt: number) => number;
}

/** Injection token for {@link ConfigurationRegistryOptions} (optional). */
export const CONFIGURATION_REGISTRY_OPTIONS = Symbol.for('tokenledger.ConfigurationRegistryOptions');

/**
 * The policy-TTL lookup and client directory: an in-memory projection of the configuration
 * streams, folded with the same deciders that wrote them, started from this replica's snapshot
 * (or the start of the log) and then kept live by a subscription to the global log. The hot
 * path reads it synchronously.
 *
 * A subscription can lag without saying so (a slow follower, a stalled connection), and another
 * replica may have deactivated a client or rotated its secret in the meantime. So the registry
 * also verifies itself: every `checkIntervalMs` it asks the store for the head of the log (one
 * event, from the leader), reads the configuration events between its position and that head,
 * and records when it did. A decision that uses client or policy configuration first asks
 * {@link untilFresh}: verified within `LEDGER_CONFIG_MAX_STALENESS_MS` (one clock read), or
 * it waits for a check, or it fails with `EventStoreUnavailableError` (503) when the store
 * cannot be reached. The subscription stays the fast path; the checks bound its lag.
 */
@Injectable()
export class ConfigurationRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(ConfigurationRegistry.name);
  private readonly serverStates = new Map<string, { state: AuthorizationServerState; revision: bigint }>();
  private readonly serverViews = new Map<string, AuthorizationServerView>();
  private readonly clientStates = new Map<string, ClientState>();
  private readonly clientViews = new Map<string, ClientView>();
  /** Each client's status changes, in log order, with their positions (for {@link clientStatusAt}). */
  private readonly statusHistory = new Map<string, ClientStatusChange[]>();
  private trustedOrigins: TrustedOriginsState = trustedOriginsDecider.initialState();
  private corsOrigins: ReadonlySet<string> = new Set();
  /** Every configuration event at or before it has been applied. */
  private position: GlobalPosition | 'start' = 'start';
  /**
   * The last event the registry read whose position it knows to hold that event (an applied
   * event, or a verified head), at or before `position`, with no configuration event between
   * them: what a snapshot names (a subscription checkpoint moves `position` only, as it names
   * no event).
   */
  private anchor: { readonly position: GlobalPosition; readonly eventId: string } | null = null;
  /** When (monotonic ms) the last check that succeeded asked for the head. */
  private verifiedAt: number | null = null;
  private checking: Promise<void> | null = null;
  private checkStartedAt: number | null = null;
  private lastCheckError: string | null = null;
  private subscription: Subscription | null = null;
  private stopped = false;
  private checkTimer: NodeJS.Timeout | null = null;
  private snapshotTimer: NodeJS.Timeout | null = null;
  private resubscribeTimer: NodeJS.Timeout | null = null;
  private savedPosition: GlobalPosition | null = null;
  private boot: RegistryBootReport = { fromSnapshot: false, readFrom: 'start', eventsRead: 0 };
  private readonly waiters: { position: GlobalPosition; resolve: () => void }[] = [];
  private readonly serverListeners: ((authorizationServerId: string) => void)[] = [];
  private readonly now: () => number;
  private readonly maxStalenessMs: number;
  private readonly snapshotFile: RegistrySnapshotFile | null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Optional() @Inject(CONFIGURATION_REGISTRY_OPTIONS) private readonly options: ConfigurationRegistryOptions = {},
  ) {
    this.options = options ?? {};
    this.now = this.options.now ?? (() => performance.now());
    this.maxStalenessMs = config.configMaxStalenessMs ?? 1000;
    this.snapshotFile =
      this.options.snapshot !== undefined
        ? this.options.snapshot
        : config.registrySnapshotFile
          ? new RegistrySnapshotFile(config.registrySnapshotFile)
          : null;
  }

  /**
   * Loads this replica's snapshot when there is a usable one, catches up with every
   * configuration event after it (or from the start of the log), then follows new ones live
   * and verifies itself periodically.
   */
  async start(): Promise<void> {
    this.stopped = false;
    await this.restoreSnapshot();
    let eventsRead = 0;
    await this.check((read) => (eventsRead += read));
    this.boot = { ...this.boot, eventsRead };
    this.logger.log({ msg: 'configuration registry started', ...this.boot, position: this.positionText() });
    this.savedPosition = this.boot.fromSnapshot && this.anchor ? this.anchor.position : null;
    void this.follow();
    const interval = this.options.checkIntervalMs ?? Math.max(25, Math.floor(this.maxStalenessMs / 4));
    if (interval > 0) {
      this.checkTimer = setInterval(() => void this.check().catch(() => undefined), interval);
      this.checkTimer.unref();
    }
    const snapshotInterval = this.options.snapshotIntervalMs ?? DEFAULT_SNAPSHOT_INTERVAL_MS;
    if (this.snapshotFile && snapshotInterval > 0) {
      this.snapshotTimer = setInterval(() => void this.saveSnapshot(), snapshotInterval);
      this.snapshotTimer.unref();
    }
  }

  /**
   * `undefined` when the registry was verified against the head of the log within the bound
   * (the hot path: one clock read, no promise); otherwise a promise that settles once a check
   * has verified it. Callers: `const stale = registry.untilFresh(); if (stale) await stale;`.
   *
   * @throws EventStoreUnavailableError (through the promise) when no check succeeds within the bound.
   */
  untilFresh(): Promise<void> | undefined {
    if (this.verifiedAt !== null && this.now() - this.verifiedAt <= this.maxStalenessMs) return undefined;
    return this.awaitVerified(() => this.verifiedAt !== null && this.now() - this.verifiedAt <= this.maxStalenessMs);
  }

  /**
   * Resolves once the registry has read the log at least up to `position` (every configuration
   * event before it applied), checking against the head at once when it has not.
   *
   * @throws EventStoreUnavailableError when no check succeeds within the bound.
   */
  async reach(position: GlobalPosition): Promise<void> {
    if (this.covers(position)) return;
    await this.awaitVerified(() => this.covers(position));
  }

  /**
   * The client's status in force at `position` of the log (its last status change before it):
   * `unregistered` when it had none, `not_yet_read` when the registry has not read that far
   * (see {@link reach}).
   */
  clientStatusAt(clientId: string, position: GlobalPosition): ClientStatusAt {
    if (!this.covers(position)) return 'not_yet_read';
    const changes = this.statusHistory.get(clientId);
    if (!changes) return 'unregistered';
    for (let i = changes.length - 1; i >= 0; i--) {
      if (comparePositions(changes[i].position, position) < 0) return changes[i].status;
    }
    return 'unregistered';
  }

  /** How far behind the log the registry may be, for readiness. */
  lag(): RegistryLag {
    return {
      verifiedAgoMs: this.verifiedAt === null ? null : Math.max(0, Math.round(this.now() - this.verifiedAt)),
      maxStalenessMs: this.maxStalenessMs,
      position: this.positionText(),
      lastCheckError: this.lastCheckError,
      checkRunningForMs: this.checkStartedAt === null ? null : Math.max(0, Math.round(this.now() - this.checkStartedAt)),
      boot: this.boot,
    };
  }

  /** Resolves once the registry has applied the event at `position` (read-your-writes). */
  waitFor(position: GlobalPosition): Promise<void> {
    if (this.covers(position)) return Promise.resolve();
    // The subscription may lag; a check reads up to the head at once.
    void this.check().catch(() => undefined);
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }
  /** The server, or undefined when unknown, deleted or inactive. */
  getServer(id: string): AuthorizationServerView | undefined {
    return this.serverViews.get(id);
  }

  /** The server, or a 404 `not_found` OAuth error. */
  requireServer(id: string): AuthorizationServerView {
    const server = this.serverViews.get(id);
    if (!server) throw new NotFoundError('The authorization server was not found.', 'unknown_authorization_server');
    return server;
  }

  /** Ids of every active authorization server. */
  serverIds(): string[] {
    return [...this.serverViews.keys()];
  }

  /**
   * Ids of every authorization server that exists, active or not (the management API's list;
   * it folds each one from the event store, so only the set of ids comes from here).
   */
  authorizationServerIds(): string[] {
    return [...this.serverStates].filter(([, entry]) => entry.state.status === 'created').map(([id]) => id);
  }

  /**
   * How the server's keys are made and rotated: its recorded signing settings, or what servers
   * recorded without them do (ES256, MANUAL).
   */
  signingSettingsOf(id: string): SigningSettings {
    const entry = this.serverStates.get(id);
    return (entry?.state.status === 'created' ? entry.state.server.signing : undefined) ?? LEGACY_SIGNING_SETTINGS;
  }

  /** Calls `listener` with the server's id after each event of a server stream is applied. */
  onServerChanged(listener: (authorizationServerId: string) => void): void {
    this.serverListeners.push(listener);
  }

  /** The client, or undefined when unknown or deleted. */
  getClient(clientId: string): ClientView | undefined {
    return this.clientViews.get(clientId);
  }

  /** Ids of every registered client. */
  clientIds(): string[] {
    return [...this.clientViews.keys()];
  }

  /**
   * Whether browser code on `origin` (the `Origin` header as sent) may call the OAuth
   * endpoints: an ACTIVE trusted origin with the CORS scope. One set lookup.
   */
  isCorsOrigin(origin: string): boolean {
    return this.corsOrigins.has(origin);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of [this.checkTimer, this.snapshotTimer, this.resubscribeTimer]) if (timer) clearTimeout(timer);
    this.checkTimer = this.snapshotTimer = this.resubscribeTimer = null;
    await this.subscription?.unsubscribe();
    this.subscription = null;
    await this.saveSnapshot();
  }

  /**
   * Writes the snapshot when the registry moved since the last one. Never fails: a snapshot is
   * an optimisation, and a start without one reads the whole log.
   */
  async saveSnapshot(): Promise<void> {
    const anchor = this.anchor;
    if (!this.snapshotFile || anchor === null) return;
    if (this.savedPosition !== null && comparePositions(this.savedPosition, anchor.position) === 0) return;
    const snapshot: RegistrySnapshot = {
      position: anchor.position,
      positionEventId: anchor.eventId,
      servers: [...this.serverStates],
      clients: [...this.clientStates],
      trustedOrigins: this.trustedOrigins,
      clientStatusHistory: [...this.statusHistory],
    };
    try {
      await this.snapshotFile.save(snapshot);
      this.savedPosition = snapshot.position;
    } catch (error) {
      this.logger.warn({ msg: 'configuration registry snapshot not written', file: this.snapshotFile.file, error: messageOf(error) });
    }
  }

  /**
   * Follows the log live. The subscription ends or fails (a dropped connection, an `apply` that
   * threw): it is logged and opened again from the registry's position, after a back-off that
   * grows while failures repeat, until shutdown. Meanwhile the periodic checks keep the
   * registry current, or make it stale (and the service not ready) when they cannot.
   */
  private async follow(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const from = this.position;
      try {
        const subscription = this.store.subscribeToAll({
          fromPosition: from,
          filter: CONFIG_FILTER,
          // Every configuration event up to a checkpoint has been applied (the port calls it only
          // once the events before it were consumed): the registry has read that far, a check
          // whose head it covers needs no further read, and a resubscription starts there
          // instead of at the last configuration event.
          onCheckpoint: (position) => this.passed(position),
        });
        this.subscription = subscription;
        for await (const event of subscription) {
          this.apply(event);
          failures = 0;
        }
        if (this.stopped) return;
        this.logger.warn({ msg: 'configuration subscription ended; resubscribing', position: this.positionText() });
      } catch (error) {
        if (this.stopped) return;
        this.logger.error({ msg: 'configuration subscription failed; resubscribing', position: this.positionText(), error: messageOf(error) });
      }
      failures += 1;
      const delay = this.options.resubscribeDelayMs?.(failures) ?? Math.min(RESUBSCRIBE_MAX_MS, RESUBSCRIBE_MIN_MS * 2 ** (failures - 1));
      await new Promise<void>((resolve) => {
        this.resubscribeTimer = setTimeout(resolve, delay);
        this.resubscribeTimer.unref();
      });
    }
  }

  /**
   * One verification, shared by every caller while it runs: asks for the head of the log (the
   * last event of `$all`, a must-be-current read), reads the configuration events from the
   * registry's position on (only those written since the last check: the position moves to
   * each verified head), then moves the position to the head. `verifiedAt` is when the head
   * was asked for: everything committed before then is applied.
   */
  private check(onRead?: (events: number) => void): Promise<void> {
    if (this.checking) return this.checking;
    this.checkStartedAt = this.now();
    const running = this.runCheck(onRead).finally(() => {
      this.checking = null;
      this.checkStartedAt = null;
    });
    this.checking = running;
    return running;
  }

  private async runCheck(onRead?: (events: number) => void): Promise<void> {
    const askedAt = this.now();
    try {
      const [head] = await this.store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
      // Nothing to read when the subscription has already passed the head (its checkpoints).
      while (!head || !this.covers(head.position)) {
        const page = await this.store.readAll({ fromPosition: this.position, maxCount: PAGE_SIZE, filter: CONFIG_FILTER });
        onRead?.(page.length);
        let fresh = 0;
        for (const event of page) if (this.apply(event)) fresh += 1;
        if (fresh === 0 || page.length < PAGE_SIZE) break;
      }
      if (head && !this.covers(head.position)) {
        this.position = head.position;
        this.anchor = { position: head.position, eventId: head.id };
        this.settleWaiters();
      }
      if (this.verifiedAt === null || askedAt > this.verifiedAt) this.verifiedAt = askedAt;
      if (this.lastCheckError !== null) this.logger.log({ msg: 'configuration registry verified again', position: this.positionText() });
      this.lastCheckError = null;
    } catch (error) {
      const message = messageOf(error);
      if (this.lastCheckError === null) this.logger.warn({ msg: 'configuration registry check failed', error: message });
      this.lastCheckError = message;
      throw error;
    }
  }

  /**
   * Waits for checks until `done()` holds, for at most the bound (then the request answers
   * 503 and the client retries): a check running already counts if it settles it.
   */
  private async awaitVerified(done: () => boolean): Promise<void> {
    const deadline = this.now() + this.maxStalenessMs;
    let cause: unknown;
    while (!done()) {
      const left = deadline - this.now();
      if (left <= 0) break;
      try {
        await withTimeout(this.check(), left);
      } catch (error) {
        cause = error;
        if (!(error instanceof TimeoutError) && this.now() < deadline) {
          // A failed check is not retried in a loop: the store is down, say so now.
          break;
        }
      }
    }
    if (done()) return;
    throw new EventStoreUnavailableError('the configuration could not be verified against the event store in time', { cause });
  }

  /** The subscription has passed `position` with every configuration event before it applied. */
  private passed(position: GlobalPosition): void {
    if (this.covers(position)) return;
    this.position = position;
    this.settleWaiters();
  }

  private covers(position: GlobalPosition): boolean {
    return this.position !== 'start' && comparePositions(this.position, position) >= 0;
  }

  private positionText(): string | null {
    return this.position === 'start' ? null : formatPosition(this.position);
  }

  /** Loads the snapshot when it is usable and still names an event of this log at its position. */
  private async restoreSnapshot(): Promise<void> {
    if (!this.snapshotFile) return;
    const { snapshot, discarded } = this.snapshotFile.load();
    if (!snapshot) {
      if (discarded) this.boot = { ...this.boot, snapshotDiscarded: discarded };
      return;
    }
    let atPosition: RecordedEvent | undefined;
    try {
      [atPosition] = await this.store.readAll({ fromPosition: snapshot.position, maxCount: 1 });
    } catch (error) {
      if (error instanceof EventStoreUnavailableError) throw error;
      // A position this log does not have (another store): EventStoreDB refuses the read.
    }
    if (!atPosition || comparePositions(atPosition.position, snapshot.position) !== 0 || atPosition.id !== snapshot.positionEventId) {
      this.boot = { ...this.boot, snapshotDiscarded: 'not a snapshot of this event log' };
      return;
    }
    for (const [id, entry] of snapshot.servers) {
      this.serverStates.set(id, entry);
      this.refreshServerView(id, entry.state, entry.revision);
    }
    for (const [id, state] of snapshot.clients) {
      this.clientStates.set(id, state);
      this.refreshClientView(id, state);
    }
    for (const [id, changes] of snapshot.clientStatusHistory) this.statusHistory.set(id, [...changes]);
    this.trustedOrigins = snapshot.trustedOrigins;
    this.corsOrigins = corsOriginsOf(this.trustedOrigins);
    this.position = snapshot.position;
    this.anchor = { position: snapshot.position, eventId: snapshot.positionEventId };
    this.boot = { fromSnapshot: true, readFrom: formatPosition(snapshot.position), eventsRead: 0 };
  }

  /** Applies one event after the position (and ignores any other); true when it was applied. */
  private apply(event: RecordedEvent): boolean {
    if (this.position !== 'start' && comparePositions(event.position, this.position) <= 0) return false;
    const serverId = authorizationServerIdFromStreamName(event.streamName);
    if (serverId !== null) {
      const current = this.serverStates.get(serverId)?.state ?? authorizationServerDecider.initialState();
      const state = authorizationServerDecider.evolve(current, { type: event.type, data: event.data } as AuthorizationServerEvent);
      this.serverStates.set(serverId, { state, revision: event.revision });
      this.refreshServerView(serverId, state, event.revision);
    } else if (isTrustedOriginsStream(event.streamName)) {
      this.trustedOrigins = trustedOriginsDecider.evolve(this.trustedOrigins, { type: event.type, data: event.data } as TrustedOriginEvent);
      this.corsOrigins = corsOriginsOf(this.trustedOrigins);
    } else {
      const clientId = clientIdFromStreamName(event.streamName);
      if (clientId !== null) {
        const current = this.clientStates.get(clientId) ?? clientDecider.initialState();
        const state = clientDecider.evolve(current, { type: event.type, data: event.data } as ClientEvent);
        this.clientStates.set(clientId, state);
        this.refreshClientView(clientId, state);
        this.recordStatus(clientId, state, event.position);
      }
    }
    this.position = event.position;
    this.anchor = { position: event.position, eventId: event.id };
    this.settleWaiters();
    if (serverId !== null) {
      // A listener's failure is its own: it must not stop the registry from following the log.
      for (const listener of this.serverListeners) {
        try {
          listener(serverId);
        } catch (error) {
          this.logger.error({ msg: 'configuration listener failed', authorizationServerId: serverId, error: messageOf(error) });
        }
      }
    }
    return true;
  }

  /** Keeps each change of a client's status with its position (a deleted client counts as INACTIVE). */
  private recordStatus(clientId: string, state: ClientState, position: GlobalPosition): void {
    const status: ClientStatus | null = state.status === 'registered' ? state.client.status : state.status === 'deleted' ? 'INACTIVE' : null;
    if (status === null) return;
    const changes = this.statusHistory.get(clientId);
    if (!changes) this.statusHistory.set(clientId, [{ position, status }]);
    else if (changes[changes.length - 1].status !== status) changes.push({ position, status });
  }

  private settleWaiters(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.covers(this.waiters[i].position)) {
        this.waiters[i].resolve();
        this.waiters.splice(i, 1);
      }
    }
  }

  private refreshServerView(id: string, state: AuthorizationServerState, revision: bigint): void {
    const view = toPolicyView(state, revision);
    if (state.status !== 'created' || state.server.status !== 'ACTIVE' || view === null) {
      this.serverViews.delete(id);
      return;
    }
    const server = state.server;
    this.serverViews.set(id, {
      id,
      name: server.name,
      issuer: authorizationServerIssuer(server, this.config.issuerBaseUrl),
      audiences: server.audiences,
      scopes: server.scopes,
      endpoints: server.endpoints,
      oktaAccessTokenClaims: server.accessTokenClaims.okta,
      configVersion: Number(revision),
      policy: view,
      evaluate: (request) => evaluatePolicy(view, request),
    });
  }

  private refreshClientView(clientId: string, state: ClientState): void {
    if (state.status !== 'registered') {
      this.clientViews.delete(clientId);
      return;
    }
    const c = state.client;
    this.clientViews.set(clientId, {
      clientId,
      clientName: c.clientName,
      status: c.status,
      tokenEndpointAuthMethod: c.tokenEndpointAuthMethod,
      grantTypes: c.grantTypes,
      secretHashes: activeSecretHashes(c),
      jwks: c.jwks ?? null,
      refreshToken: { rotationType: c.refreshToken.rotationType, leeway: c.refreshToken.leeway },
      dpopBoundAccessTokens: c.dpopBoundAccessTokens === true,
    });
  }
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer within ${Math.round(ms)} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
