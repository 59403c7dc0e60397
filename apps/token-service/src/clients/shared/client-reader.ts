import { Inject, Injectable } from '@nestjs/common';
import { clientDecider, clientStreamName, ConfigurationNotFoundError, type ClientState, type StoredClient } from '@ledger/domain';
import { EVENT_STORE, fullFoldLoader, type EventStore, type StreamLoader } from '@ledger/event-sourcing';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';

/** Loads a `client-<clientId>` stream by folding it: configuration streams are short. */
export const loadClient: StreamLoader<ClientState> = fullFoldLoader(clientDecider);

/**
 * The clients API's read side: folds `client-<clientId>` from the event store on every read,
 * so a GET sees every acknowledged write on every replica even while the registry lags.
 */
@Injectable()
export class ClientReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly registry: ConfigurationRegistry,
  ) {}

  /** The client, or `ConfigurationNotFoundError` when it never existed or was deleted. */
  async require(clientId: string): Promise<StoredClient> {
    const { state } = await loadClient(this.store, clientStreamName(clientId));
    if (state.status !== 'registered') throw new ConfigurationNotFoundError('client', clientId);
    return state.client;
  }

  /**
   * Every registered client, oldest first. The set of ids comes from the registry (finding
   * them in the global log would mean scanning it); each client is then folded from the store,
   * so what is listed is never stale, only possibly incomplete on a replica that lags.
   */
  async list(): Promise<StoredClient[]> {
    const clients: StoredClient[] = [];
    for (const id of this.registry.clientIds()) {
      const { state } = await loadClient(this.store, clientStreamName(id));
      if (state.status === 'registered') clients.push(state.client);
    }
    return clients.sort((a, b) => a.created - b.created || (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0));
  }
}
