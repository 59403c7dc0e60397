import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  activeSecretHashes,
  authorizationServerDecider,
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
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  type Subscription,
} from '@ledger/event-sourcing';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { NotFoundError } from '../oauth-errors/oauth-errors';

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

/**
 * The policy-TTL lookup and client directory: an in-memory projection of the configuration
 * streams, folded with the same deciders that wrote them, caught up at start and then kept
 * live by a subscription to the global log. The hot path reads it synchronously.
 */
@Injectable()
export class ConfigurationRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(ConfigurationRegistry.name);
  private readonly serverStates = new Map<string, { state: AuthorizationServerState; revision: bigint }>();
  private readonly serverViews = new Map<string, AuthorizationServerView>();
  private readonly clientStates = new Map<string, ClientState>();
  private readonly clientViews = new Map<string, ClientView>();
  private trustedOrigins: TrustedOriginsState = trustedOriginsDecider.initialState();
  private corsOrigins: ReadonlySet<string> = new Set();
  private position: GlobalPosition | 'start' = 'start';
  private subscription: Subscription | null = null;
  private readonly waiters: { position: GlobalPosition; resolve: () => void }[] = [];
  private readonly serverListeners: ((authorizationServerId: string) => void)[] = [];

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  /** Catches up with every configuration event, then follows new ones live. */
  async start(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({
        fromPosition: this.position,
        maxCount: 1000,
        filter: { streamNamePrefixes: CONFIG_STREAM_PREFIXES },
      });
      const fresh = this.position === 'start' ? page : page.filter((e) => comparePositions(e.position, this.position as GlobalPosition) > 0);
      if (fresh.length === 0) break;
      for (const event of fresh) this.apply(event);
    }
    this.subscription = this.store.subscribeToAll({
      fromPosition: this.position,
      filter: { streamNamePrefixes: CONFIG_STREAM_PREFIXES },
    });
    void this.follow(this.subscription);
  }

  /** Resolves once the registry has applied the event at `position` (read-your-writes). */
  waitFor(position: GlobalPosition): Promise<void> {
    if (this.position !== 'start' && comparePositions(this.position, position) >= 0) return Promise.resolve();
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
    await this.subscription?.unsubscribe();
  }

  private async follow(subscription: Subscription): Promise<void> {
    try {
      for await (const event of subscription) this.apply(event);
    } catch (error) {
      this.logger.error({ msg: 'configuration subscription failed', error: error instanceof Error ? error.message : String(error) });
    }
  }

  private apply(event: RecordedEvent): void {
    if (this.position !== 'start' && comparePositions(event.position, this.position) <= 0) return;
    const serverId = authorizationServerIdFromStreamName(event.streamName);
    if (serverId !== null) {
      const current = this.serverStates.get(serverId)?.state ?? authorizationServerDecider.initialState();
      const state = authorizationServerDecider.evolve(current, { type: event.type, data: event.data } as AuthorizationServerEvent);
      this.serverStates.set(serverId, { state, revision: event.revision });
      this.refreshServerView(serverId, state, event.revision);
      for (const listener of this.serverListeners) listener(serverId);
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
      }
    }
    this.position = event.position;
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (comparePositions(this.position, this.waiters[i].position) >= 0) {
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
      issuer: server.issuerMode === 'CUSTOM_URL' && server.issuer ? server.issuer : `${this.config.issuerBaseUrl}/oauth2/${id}`,
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
