import type { EpochMillis, RotationSettings } from '../token-family/token-family.events';
import { authMethodUsesSecret, type ClientEvent, type RegisteredClient } from './client.events';

/** A client as held in the state: its configuration plus timestamps. */
export interface StoredClient extends RegisteredClient {
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

/** Applies one event. Total: an event that does not fit the state leaves it unchanged. */
export function evolveClient(state: ClientState, event: ClientEvent): ClientState {
  if (event.type === 'ClientRegistered') {
    if (state.status !== 'initial') return state;
    const { client, registeredAt } = event.data;
    return { status: 'registered', client: { ...client, created: registeredAt, lastUpdated: registeredAt } };
  }
  if (state.status !== 'registered') return state;
  const current = state.client;
  switch (event.type) {
    case 'ClientUpdated': {
      const { client, updatedAt } = event.data;
      const secretHash = authMethodUsesSecret(client.tokenEndpointAuthMethod) ? current.secretHash : null;
      return {
        status: 'registered',
        client: { ...client, secretHash, status: current.status, created: current.created, lastUpdated: updatedAt },
      };
    }
    case 'ClientSecretRotated':
      return { status: 'registered', client: { ...current, secretHash: event.data.secretHash, lastUpdated: event.data.rotatedAt } };
    case 'ClientDisabled':
      return { status: 'registered', client: { ...current, status: 'INACTIVE', lastUpdated: event.data.disabledAt } };
    case 'ClientEnabled':
      return { status: 'registered', client: { ...current, status: 'ACTIVE', lastUpdated: event.data.enabledAt } };
    case 'ClientDeleted':
      return { status: 'deleted', clientId: current.clientId };
    default:
      return state;
  }
}

/** The client's refresh-token settings in the shape token-family events record. */
export function rotationSettingsOf(client: RegisteredClient): RotationSettings {
  return { type: client.refreshToken.rotationType, leewaySeconds: client.refreshToken.leeway };
}
