import type { DomainEvent } from '../decider';
import type { EpochMillis, RotationType } from '../token-family/token-family.events';

/** How a client authenticates at the token endpoint (`none` = public client). */
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

/** Every {@link TokenEndpointAuthMethod}. */
export const TOKEN_ENDPOINT_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
  'none',
];

/** Whether a client with this method authenticates with a shared secret (and so holds a hash). */
export function authMethodUsesSecret(method: TokenEndpointAuthMethod): boolean {
  return method === 'client_secret_basic' || method === 'client_secret_post';
}

/** Okta's app status: an INACTIVE client cannot obtain or refresh tokens. */
export type ClientStatus = 'ACTIVE' | 'INACTIVE';

/** A public JWK of the client (`private_key_jwt`); private members are refused on input. */
export interface ClientJwk {
  readonly kty: string;
  readonly kid?: string;
  readonly [member: string]: unknown;
}

/** The client's public keys, as a JWK Set (RFC 7517 §5). */
export interface ClientJwks {
  readonly keys: readonly ClientJwk[];
}

/** Okta's app refresh-token setting: rotation and the retry leeway in seconds (0..60). */
export interface ClientRefreshTokenSettings {
  readonly rotationType: RotationType;
  readonly leeway: number;
}

/** A client's settings apart from its secret and status (each has its own events). */
export interface ClientSettings {
  readonly clientId: string;
  readonly clientName: string;
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  readonly grantTypes: readonly string[];
  /** Set for `private_key_jwt`; may be kept for other methods, where it is unused. */
  readonly jwks: ClientJwks | null;
  readonly refreshToken: ClientRefreshTokenSettings;
  /**
   * RFC 9449 §5.2 `dpop_bound_access_tokens`: every token request must carry a DPoP proof.
   * Absent = false (clients registered before DPoP replay unchanged).
   */
  readonly dpopBoundAccessTokens?: boolean;
}

/** A client's whole configuration. */
export interface RegisteredClient extends ClientSettings {
  /**
   * Hash of the client secret in `<algorithm>:<encoded>` form (`sha256:<hex>`, `scrypt:...`),
   * computed by the caller; `null` for methods without a secret. The raw secret never
   * reaches the domain.
   */
  readonly secretHash: string | null;
  readonly status: ClientStatus;
}

/** The client with its whole configuration, defaults filled. */
export interface ClientRegisteredData {
  readonly client: RegisteredClient;
  readonly registeredAt: EpochMillis;
}

/**
 * State-carrying: the client's settings after the change. A client that now uses a method
 * without a secret (`none`, `private_key_jwt`) no longer holds its secret hash: a public
 * client holds no secret (SPEC §9), so the event itself implies the hash is discarded.
 */
export interface ClientUpdatedData {
  readonly client: ClientSettings;
  readonly updatedAt: EpochMillis;
}

/**
 * A new secret hash replaces every current secret (in the same append as a `ClientUpdated`,
 * if any): the client then holds this one ACTIVE secret (Okta's `lifecycle/newSecret`).
 */
export interface ClientSecretRotatedData {
  readonly clientId: string;
  readonly secretHash: string;
  readonly rotatedAt: EpochMillis;
}

/** Okta's client secret status: only an ACTIVE secret authenticates the client. */
export type ClientSecretStatus = 'ACTIVE' | 'INACTIVE';

/**
 * A second secret (or a replacement for a deleted one) is added beside the current ones, so
 * callers can switch over before the old secret is deactivated. `secretId` is chosen by the
 * caller at random, never derived from the secret; only the hash is recorded.
 */
export interface ClientSecretAddedData {
  readonly clientId: string;
  readonly secretId: string;
  readonly secretHash: string;
  readonly status: ClientSecretStatus;
  readonly addedAt: EpochMillis;
}

/** An INACTIVE secret authenticates the client again. */
export interface ClientSecretActivatedData {
  readonly clientId: string;
  readonly secretId: string;
  readonly activatedAt: EpochMillis;
}

/** The secret no longer authenticates the client (it is kept until deleted). */
export interface ClientSecretDeactivatedData {
  readonly clientId: string;
  readonly secretId: string;
  readonly deactivatedAt: EpochMillis;
}

/** An INACTIVE secret is removed for good. */
export interface ClientSecretDeletedData {
  readonly clientId: string;
  readonly secretId: string;
  readonly deletedAt: EpochMillis;
}

/** The client may no longer obtain or refresh tokens. */
export interface ClientDisabledData {
  readonly clientId: string;
  readonly disabledAt: EpochMillis;
}

/** The client may obtain and refresh tokens again. */
export interface ClientEnabledData {
  readonly clientId: string;
  readonly enabledAt: EpochMillis;
}

/** Terminal: the client id is never registered again, so old families cannot be inherited. */
export interface ClientDeletedData {
  readonly clientId: string;
  readonly deletedAt: EpochMillis;
}

/** A client was registered. */
export type ClientRegistered = DomainEvent<'ClientRegistered', ClientRegisteredData>;
/** A client's settings changed. */
export type ClientUpdated = DomainEvent<'ClientUpdated', ClientUpdatedData>;
/** A client's secret hash was replaced. */
export type ClientSecretRotated = DomainEvent<'ClientSecretRotated', ClientSecretRotatedData>;
/** A secret was added beside the client's current ones. */
export type ClientSecretAdded = DomainEvent<'ClientSecretAdded', ClientSecretAddedData>;
/** A secret became ACTIVE. */
export type ClientSecretActivated = DomainEvent<'ClientSecretActivated', ClientSecretActivatedData>;
/** A secret became INACTIVE. */
export type ClientSecretDeactivated = DomainEvent<'ClientSecretDeactivated', ClientSecretDeactivatedData>;
/** An INACTIVE secret was deleted. */
export type ClientSecretDeleted = DomainEvent<'ClientSecretDeleted', ClientSecretDeletedData>;
/** A client became INACTIVE. */
export type ClientDisabled = DomainEvent<'ClientDisabled', ClientDisabledData>;
/** A client became ACTIVE. */
export type ClientEnabled = DomainEvent<'ClientEnabled', ClientEnabledData>;
/** A client was deleted. */
export type ClientDeleted = DomainEvent<'ClientDeleted', ClientDeletedData>;

/** Every event of a `client-<clientId>` stream. */
export type ClientEvent =
  | ClientRegistered
  | ClientUpdated
  | ClientSecretRotated
  | ClientDisabled
  | ClientEnabled
  | ClientDeleted
  | ClientSecretAdded
  | ClientSecretActivated
  | ClientSecretDeactivated
  | ClientSecretDeleted;

/** The event types of {@link ClientEvent}, for subscriptions and projections. */
export const CLIENT_EVENT_TYPES = [
  'ClientRegistered',
  'ClientUpdated',
  'ClientSecretRotated',
  'ClientDisabled',
  'ClientEnabled',
  'ClientDeleted',
  'ClientSecretAdded',
  'ClientSecretActivated',
  'ClientSecretDeactivated',
  'ClientSecretDeleted',
] as const satisfies readonly ClientEvent['type'][];
