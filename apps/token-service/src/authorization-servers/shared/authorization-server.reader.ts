import { Inject, Injectable } from '@nestjs/common';
import {
  authorizationServerDecider,
  authorizationServerStreamName,
  ConfigurationNotFoundError,
  type AuthorizationServerState,
  type StoredAccessPolicy,
  type StoredPolicyRule,
} from '@ledger/domain';
import { EVENT_STORE, fullFoldLoader, type EventStore } from '@ledger/event-sourcing';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';

/** An existing server's state and the stream revision it was folded up to (its ETag). */
export interface CurrentAuthorizationServer {
  readonly state: Extract<AuthorizationServerState, { status: 'created' }>;
  readonly revision: bigint;
}

const load = fullFoldLoader(authorizationServerDecider);

/**
 * The management API's read side: folds `authorizationServer-<id>` from the event store on
 * every read, so a GET sees every acknowledged write on every replica (the registry may lag).
 * Configuration streams are short, so a full fold is cheap.
 */
@Injectable()
export class AuthorizationServerReader {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly registry: ConfigurationRegistry,
  ) {}

  /** The server, or `ConfigurationNotFoundError` when it never existed or was deleted. */
  async require(authorizationServerId: string): Promise<CurrentAuthorizationServer> {
    const loaded = await load(this.store, authorizationServerStreamName(authorizationServerId));
    if (loaded.state.status !== 'created' || loaded.revision === 'no_stream') {
      throw new ConfigurationNotFoundError('authorizationServer', authorizationServerId);
    }
    return { state: loaded.state, revision: loaded.revision };
  }

  /**
   * Every existing server, oldest first. The set of ids comes from the registry (a scan of the
   * global log for them would cost as much as the token history); each server is then folded
   * from the store, so what is listed is never stale.
   */
  async list(): Promise<CurrentAuthorizationServer[]> {
    const servers: CurrentAuthorizationServer[] = [];
    for (const id of this.registry.authorizationServerIds()) {
      const loaded = await load(this.store, authorizationServerStreamName(id));
      if (loaded.state.status === 'created' && loaded.revision !== 'no_stream') {
        servers.push({ state: loaded.state, revision: loaded.revision });
      }
    }
    return servers.sort((a, b) => a.state.server.created - b.state.server.created || (a.state.server.id < b.state.server.id ? -1 : 1));
  }
}

/** The policy, or `ConfigurationNotFoundError`. */
export function requirePolicy(server: CurrentAuthorizationServer, policyId: string): StoredAccessPolicy {
  const policy = server.state.policies.find((p) => p.id === policyId);
  if (!policy) throw new ConfigurationNotFoundError('accessPolicy', policyId);
  return policy;
}

/** The rule of that policy, or `ConfigurationNotFoundError` (for the policy first). */
export function requireRule(server: CurrentAuthorizationServer, policyId: string, ruleId: string): StoredPolicyRule {
  requirePolicy(server, policyId);
  const rule = server.state.rules.find((r) => r.id === ruleId && r.policyId === policyId);
  if (!rule) throw new ConfigurationNotFoundError('policyRule', ruleId);
  return rule;
}

/** The rules of a policy in evaluation order (priority, then age), as Okta lists them. */
export function rulesOf(server: CurrentAuthorizationServer, policyId: string): StoredPolicyRule[] {
  return server.state.rules.filter((r) => r.policyId === policyId).sort(byPriority);
}

/** The policies in evaluation order (priority, then age), as Okta lists them. */
export function policiesOf(server: CurrentAuthorizationServer): StoredAccessPolicy[] {
  return [...server.state.policies].sort(byPriority);
}

function byPriority(a: { priority: number; sequence: number }, b: { priority: number; sequence: number }): number {
  return a.priority - b.priority || a.sequence - b.sequence;
}
