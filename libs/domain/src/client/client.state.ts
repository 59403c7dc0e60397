import type { EpochMillis, RotationSettings } from '../token-family/token-family.events';
import { authMethodUsesSecret, type ClientEvent, type ClientSecretStatus, type RegisteredClient } from './client.events';

/** Okta's limit: a client holds at most two secrets, so one can replace the other without downtime. */
export const MAX_CLIENT_SECRETS = 2;

/** One of the client's secrets as held in the state: its hash, never the secret. */
export interface StoredClientSecret {
  readonly secretId: string;
  /** `<algorithm>:<encoded>`, as {@link RegisteredClient.secretHash}. */
  readonly hash: string;
  readonly status: ClientSecretStatus;
  readonly createdAt: EpochMillis;
  readonly lastUpdated: EpochMillis;
}

/** A client as held in the state: its configuration, its secrets, and timestamps. */
export interface StoredClient extends Omit<RegisteredClient, 'secretHash'> {
  /** At most {@link MAX_CLIENT_SECRETS}, oldest first; empty for methods without a secret. */
  readonly secrets: readonly StoredClientSecret[];
  /**
   * How many secrets `ClientRegistered` and `ClientSecretRotated` have issued. Those events
   * carry no secret id (older ones predate ids), so each secret they issue is numbered by this
   * count: every replay and every replica derives the same id.
   */
  readonly secretsIssued: number;
  readonly created: EpochMillis;
  readonly lastUpdated: EpochMillis;
}

/** The state of one `client-<clientId>` stream. */
export type ClientState =
  | { readonly status: 'initial' }
  | { readonly status: 'registered'; readonly client: StoredClient }
  | { readonly status: 'deleted'; readonly clientId: string };

/** The state of a stream with no events. */
export function initialClientState(): ClientState {
  return { status: 'initial' };
}

/**
 * The id of the `ordinal`-th secret issued by `ClientRegistered`/`ClientSecretRotated`
 * (`ocs` and 17 digits). Ids of added secrets are random and one character longer, so the
 * two kinds never collide.
 */
export function issuedSecretId(ordinal: number): string {
  return `ocs${String(ordinal).padStart(17, '0')}`;
}

/** The hashes of the client's ACTIVE secrets: the ones that authenticate it. */
export function activeSecretHashes(client: StoredClient): string[] {
  return client.secrets.filter((secret) => secret.status === 'ACTIVE').map((secret) => secret.hash);
}

/** Applies one event. Total: an event that does not fit the state leaves it unchanged. */
export function evolveClient(state: ClientState, event: ClientEvent): ClientState {
  if (event.type === 'ClientRegistered') {
    if (state.status !== 'initial') return state;
    const { client, registeredAt } = event.data;
    const { secretHash, ...rest } = client;
    const secrets = secretHash ? [issuedSecret(1, secretHash, registeredAt)] : [];
    return {
      status: 'registered',
      client: { ...rest, secrets, secretsIssued: secrets.length, created: registeredAt, lastUpdated: registeredAt },
    };
  }
  if (state.status !== 'registered') return state;
  const current = state.client;
  const registered = (client: StoredClient): ClientState => ({ status: 'registered', client });
  switch (event.type) {
    case 'ClientUpdated': {
      const { client, updatedAt } = event.data;
      const secrets = authMethodUsesSecret(client.tokenEndpointAuthMethod) ? current.secrets : [];
      return registered({
        ...client,
        secrets,
        secretsIssued: current.secretsIssued,
        status: current.status,
        created: current.created,
        lastUpdated: updatedAt,
      });
    }
    case 'ClientSecretRotated': {
      const { secretHash, rotatedAt } = event.data;
      const ordinal = current.secretsIssued + 1;
      return registered({ ...current, secrets: [issuedSecret(ordinal, secretHash, rotatedAt)], secretsIssued: ordinal, lastUpdated: rotatedAt });
    }
    case 'ClientSecretAdded': {
      const { secretId, secretHash, status, addedAt } = event.data;
      if (current.secrets.some((secret) => secret.secretId === secretId)) return state;
      const added: StoredClientSecret = { secretId, hash: secretHash, status, createdAt: addedAt, lastUpdated: addedAt };
      return registered({ ...current, secrets: [...current.secrets, added], lastUpdated: addedAt });
    }
    case 'ClientSecretActivated':
      return registered(withSecretStatus(current, event.data.secretId, 'ACTIVE', event.data.activatedAt));
    case 'ClientSecretDeactivated':
      return registered(withSecretStatus(current, event.data.secretId, 'INACTIVE', event.data.deactivatedAt));
    case 'ClientSecretDeleted':
      return registered({
        ...current,
        secrets: current.secrets.filter((secret) => secret.secretId !== event.data.secretId),
        lastUpdated: event.data.deletedAt,
      });
    case 'ClientDisabled':
      return registered({ ...current, status: 'INACTIVE', lastUpdated: event.data.disabledAt });
    case 'ClientEnabled':
      return registered({ ...current, status: 'ACTIVE', lastUpdated: event.data.enabledAt });
    case 'ClientDeleted':
      return { status: 'deleted', clientId: current.clientId };
    default:
      return state;
  }
}

function issuedSecret(ordinal: number, hash: string, at: EpochMillis): StoredClientSecret {
  return { secretId: issuedSecretId(ordinal), hash, status: 'ACTIVE', createdAt: at, lastUpdated: at };
}

function withSecretStatus(client: StoredClient, secretId: string, status: ClientSecretStatus, at: EpochMillis): StoredClient {
  return {
    ...client,
    secrets: client.secrets.map((secret) => (secret.secretId === secretId ? { ...secret, status, lastUpdated: at } : secret)),
    lastUpdated: at,
  };
}

/** The client's refresh-token settings in the shape token-family events record. */
export function rotationSettingsOf(client: Pick<RegisteredClient, 'refreshToken'>): RotationSettings {
  return { type: client.refreshToken.rotationType, leewaySeconds: client.refreshToken.leeway };
}
