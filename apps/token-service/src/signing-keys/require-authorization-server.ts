import { authorizationServerDecider, authorizationServerStreamName, ConfigurationNotFoundError } from '@ledger/domain';
import { fullFoldLoader, type EventStore } from '@ledger/event-sourcing';

const load = fullFoldLoader(authorizationServerDecider);

/**
 * Checks that the authorization server exists, active or not (Okta manages the keys of an
 * inactive server too), by folding its stream: the registry may lag a server just created on
 * another replica, and lists only active ones.
 *
 * @throws {ConfigurationNotFoundError} it never existed or was deleted (Okta's 404 `E0000007`).
 */
export async function requireAuthorizationServer(store: EventStore, authorizationServerId: string): Promise<void> {
  const { state } = await load(store, authorizationServerStreamName(authorizationServerId));
  if (state.status !== 'created') throw new ConfigurationNotFoundError('authorizationServer', authorizationServerId);
}
