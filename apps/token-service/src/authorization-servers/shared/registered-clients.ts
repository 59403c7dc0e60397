import { Inject, Injectable } from '@nestjs/common';
import { ALL_CLIENTS, clientDecider, clientStreamName } from '@ledger/domain';
import { EVENT_STORE, fullFoldLoader, type EventStore } from '@ledger/event-sourcing';

const load = fullFoldLoader(clientDecider);

/**
 * Which clients exist, read from their `client-<id>` streams: the decider cannot see other
 * streams, so policy conditions and `explain` are checked against this, and a client
 * registered a moment ago (on any replica) already counts.
 */
@Injectable()
export class RegisteredClients {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * The registered ones among the ids a policy condition names. Tolerates any shape (the
   * decider reports a malformed list with its field); the body limit bounds the reads.
   */
  async among(candidates: unknown): Promise<string[]> {
    if (!Array.isArray(candidates)) return [];
    const ids = [...new Set(candidates.filter((c): c is string => typeof c === 'string' && c !== ALL_CLIENTS && c !== ''))];
    const registered: string[] = [];
    for (const id of ids) if (await this.isRegistered(id)) registered.push(id);
    return registered;
  }

  /** Whether the client is registered (not unknown, not deleted). */
  async isRegistered(clientId: string): Promise<boolean> {
    const { state } = await load(this.store, clientStreamName(clientId));
    return state.status === 'registered';
  }
}
