import type { Decider } from '../decider';
import { ConfigurationConflictError, ConfigurationNotFoundError, InvalidConfigurationError } from '../policy/configuration.errors';
import type { EpochMillis } from '../token-family/token-family.events';
import type { ApplyClientDeclaration, ClientCommand } from './client.commands';
import { authMethodUsesSecret, type ClientEvent, type ClientSettings } from './client.events';
import {
  activeSecretHashes,
  evolveClient,
  initialClientState,
  MAX_CLIENT_SECRETS,
  type ClientState,
  type StoredClient,
  type StoredClientSecret,
} from './client.state';
import { normalizeClient, requireSecretHash, sameClientSettings } from './client.validation';

/**
 * Decides the events for one command against one client's state. A new client id follows the
 * id rule; the id of a client already in the log is kept whatever rule it predates (an older
 * version took ids by a looser one). Broken rules throw
 * `InvalidConfigurationError` / `ConfigurationNotFoundError` / `ConfigurationConflictError`;
 * an outcome already in the state (disabling a disabled client, an update that changes
 * nothing, deleting a deleted client) yields no events.
 */
export function decideClient(command: ClientCommand, state: ClientState): ClientEvent[] {
  switch (command.type) {
    case 'RegisterClient': {
      const { client: input, now } = command.data;
      const client = normalizeClient(input, null, recordedIdOf(state));
      requireUnused(state, client.settings.clientId);
      return [
        {
          type: 'ClientRegistered',
          data: { client: { ...client.settings, secretHash: client.secretHash, status: client.status }, registeredAt: now },
        },
      ];
    }

    case 'UpdateClient': {
      const { client: input, now } = command.data;
      const current = requireClient(state, input.clientId);
      const client = normalizeClient(input, currentSecretHash(current), recordedIdOf(state));
      return [
        ...settingsEvents(current, client.settings, now),
        ...secretEvents(current, client.secretSubmitted ? client.secretHash : null, now),
      ];
    }

    case 'RotateClientSecret': {
      const { clientId, secretHash, now } = command.data;
      const current = requireSecretClient(state, clientId);
      return secretEvents(current, requireSecretHash(secretHash), now);
    }

    case 'AddClientSecret': {
      const { clientId, secretId, secretHash, status = 'ACTIVE', now } = command.data;
      const current = requireSecretClient(state, clientId);
      const hash = requireSecretHash(secretHash);
      if (current.secrets.length >= MAX_CLIENT_SECRETS) {
        throw new InvalidConfigurationError('secrets', `a client holds at most ${MAX_CLIENT_SECRETS} secrets; deactivate and delete one first`);
      }
      if (typeof secretId !== 'string' || secretId === '' || current.secrets.some((secret) => secret.secretId === secretId)) {
        throw new InvalidConfigurationError('secretId', 'must be a new, non-empty id');
      }
      if (status !== 'ACTIVE' && status !== 'INACTIVE') throw new InvalidConfigurationError('status', 'must be ACTIVE or INACTIVE');
      return [{ type: 'ClientSecretAdded', data: { clientId, secretId, secretHash: hash, status, addedAt: now } }];
    }

    case 'ActivateClientSecret': {
      const { clientId, secretId, now } = command.data;
      const secret = requireSecret(requireSecretClient(state, clientId), secretId);
      return secret.status === 'ACTIVE' ? [] : [{ type: 'ClientSecretActivated', data: { clientId, secretId, activatedAt: now } }];
    }

    case 'DeactivateClientSecret': {
      const { clientId, secretId, now } = command.data;
      const current = requireSecretClient(state, clientId);
      const secret = requireSecret(current, secretId);
      if (secret.status === 'INACTIVE') return [];
      // A secret client with no ACTIVE secret could not authenticate at all.
      if (activeSecretHashes(current).length <= 1) {
        throw new InvalidConfigurationError('status', 'the last ACTIVE secret cannot be deactivated; add and activate another first');
      }
      return [{ type: 'ClientSecretDeactivated', data: { clientId, secretId, deactivatedAt: now } }];
    }

    case 'DeleteClientSecret': {
      const { clientId, secretId, now } = command.data;
      const secret = requireSecret(requireSecretClient(state, clientId), secretId);
      if (secret.status === 'ACTIVE') throw new InvalidConfigurationError('status', 'an ACTIVE secret cannot be deleted; deactivate it first');
      return [{ type: 'ClientSecretDeleted', data: { clientId, secretId, deletedAt: now } }];
    }

    case 'DisableClient': {
      const { clientId, now } = command.data;
      const current = requireClient(state, clientId);
      return current.status === 'INACTIVE' ? [] : [{ type: 'ClientDisabled', data: { clientId, disabledAt: now } }];
    }

    case 'EnableClient': {
      const { clientId, now } = command.data;
      const current = requireClient(state, clientId);
      return current.status === 'ACTIVE' ? [] : [{ type: 'ClientEnabled', data: { clientId, enabledAt: now } }];
    }

    case 'DeleteClient': {
      const { clientId, now } = command.data;
      if (state.status === 'deleted' && state.clientId === clientId) return [];
      requireClient(state, clientId);
      return [{ type: 'ClientDeleted', data: { clientId, deletedAt: now } }];
    }

    case 'ApplyClientDeclaration':
      return applyDeclaration(command.data, state);
  }
}

function applyDeclaration(
  { client: input, secretMatchesCurrent, now }: ApplyClientDeclaration['data'],
  state: ClientState,
): ClientEvent[] {
  if (state.status !== 'registered') {
    // Registration refuses a deleted id, so a declaration cannot resurrect a deleted client.
    return decideClient({ type: 'RegisterClient', data: { client: input, now } }, state);
  }
  const current = requireClient(state, input.clientId);
  // A declared secret that verifies against a current ACTIVE hash is that secret, re-hashed.
  const keepsSecret = secretMatchesCurrent && currentSecretHash(current) !== null;
  const client = normalizeClient(keepsSecret ? { ...input, secretHash: undefined } : input, currentSecretHash(current), recordedIdOf(state));
  const events: ClientEvent[] = [
    ...settingsEvents(current, client.settings, now),
    ...secretEvents(current, client.secretSubmitted ? client.secretHash : null, now),
  ];
  if (client.status !== current.status) {
    events.push(
      client.status === 'ACTIVE'
        ? { type: 'ClientEnabled', data: { clientId: current.clientId, enabledAt: now } }
        : { type: 'ClientDisabled', data: { clientId: current.clientId, disabledAt: now } },
    );
  }
  return events;
}

/** `ClientUpdated` when the submitted settings differ from the current ones. */
function settingsEvents(current: StoredClient, settings: ClientSettings, now: EpochMillis): ClientEvent[] {
  return sameClientSettings(current, settings) ? [] : [{ type: 'ClientUpdated', data: { client: settings, updatedAt: now } }];
}

/** `ClientSecretRotated` unless nothing was submitted or the submitted hash is already the only secret. */
function secretEvents(current: StoredClient, submitted: string | null, now: EpochMillis): ClientEvent[] {
  if (submitted === null) return [];
  if (current.secrets.length === 1 && current.secrets[0].status === 'ACTIVE' && current.secrets[0].hash === submitted) return [];
  return [{ type: 'ClientSecretRotated', data: { clientId: current.clientId, secretHash: submitted, rotatedAt: now } }];
}

/**
 * The client id the stream already holds, whatever rule it predates: taken again it is a
 * conflict (not an invalid id), and its client can still be updated and redeclared.
 */
function recordedIdOf(state: ClientState): string[] {
  if (state.status === 'registered') return [state.client.clientId];
  if (state.status === 'deleted') return [state.clientId];
  return [];
}

function requireUnused(state: ClientState, clientId: string): void {
  if (state.status === 'registered') throw new ConfigurationConflictError('client', clientId, 'already exists');
  if (state.status === 'deleted') throw new ConfigurationConflictError('client', clientId, 'was deleted; ids are not reused');
}

/** An ACTIVE secret's hash, which satisfies a secret method when no new secret is submitted. */
function currentSecretHash(client: StoredClient): string | null {
  return activeSecretHashes(client)[0] ?? null;
}

/** The client, refused when its method authenticates without a secret. */
function requireSecretClient(state: ClientState, clientId: string): StoredClient {
  const current = requireClient(state, clientId);
  if (!authMethodUsesSecret(current.tokenEndpointAuthMethod)) {
    throw new InvalidConfigurationError('secretHash', `is not used by tokenEndpointAuthMethod ${current.tokenEndpointAuthMethod}`);
  }
  return current;
}

function requireSecret(client: StoredClient, secretId: string): StoredClientSecret {
  const secret = client.secrets.find((candidate) => candidate.secretId === secretId);
  if (!secret) throw new ConfigurationNotFoundError('clientSecret', secretId);
  return secret;
}

function requireClient(state: ClientState, clientId: string): StoredClient {
  if (state.status !== 'registered' || state.client.clientId !== clientId) {
    throw new ConfigurationNotFoundError('client', clientId);
  }
  return state.client;
}

/** The client aggregate (`client-<clientId>`) as a decider. */
export const clientDecider: Decider<ClientCommand, ClientEvent, ClientState> = {
  decide: decideClient,
  evolve: evolveClient,
  initialState: initialClientState,
};
