import type { Decider } from '../decider';
import {
  ConfigurationConflictError,
  ConfigurationNotFoundError,
  InvalidConfigurationError,
} from '../policy/configuration.errors';
import type { EpochMillis } from '../token-family/token-family.events';
import type {
  ApplyAuthorizationServerDeclaration,
  AuthorizationServerCommand,
  PolicyRuleDeclaration,
} from './authorization-server.commands';
import { ANY_SCOPE, type AccessPolicy, type AuthorizationServerEvent, type PolicyRule } from './authorization-server.events';
import {
  evolveAuthorizationServer,
  initialAuthorizationServerState,
  type AuthorizationServerState,
  type StoredAccessPolicy,
  type StoredPolicyRule,
} from './authorization-server.state';
import {
  normalizeAccessPolicy,
  normalizeAuthorizationServer,
  normalizePolicyRule,
  samePolicyIgnoringStatus,
  sameRuleIgnoringStatus,
  keepingSigning,
  sameServerSettings,
} from './authorization-server.validation';

type CreatedState = Extract<AuthorizationServerState, { status: 'created' }>;

/**
 * Decides the events for one command against one authorization server's state.
 * Broken rules throw `InvalidConfigurationError` / `ConfigurationNotFoundError` /
 * `ConfigurationConflictError`; a command whose outcome is already in the state (activating
 * an active rule, an update that changes nothing, deleting a deleted server) yields no events.
 *
 * Priorities are stored as given and evaluation orders by (priority, creation sequence). Okta
 * instead renumbers siblings to stay 1..n when one is inserted; we do not, so that one command
 * writes one object and re-applying a declaration never fights a renumbering. The visible
 * difference: at equal priority the older object wins, where Okta puts the newcomer first.
 */
export function decideAuthorizationServer(
  command: AuthorizationServerCommand,
  state: AuthorizationServerState,
): AuthorizationServerEvent[] {
  switch (command.type) {
    case 'CreateAuthorizationServer': {
      const { authorizationServer, now } = command.data;
      const settings = normalizeAuthorizationServer(authorizationServer, '', recordedIdsOf(state).server);
      if (state.status === 'created') {
        throw new ConfigurationConflictError('authorizationServer', state.server.id, 'already exists');
      }
      if (state.status === 'deleted') {
        throw new ConfigurationConflictError('authorizationServer', state.authorizationServerId, 'was deleted; ids are not reused');
      }
      return [{ type: 'AuthorizationServerCreated', data: { authorizationServer: settings, createdAt: now } }];
    }

    case 'UpdateAuthorizationServer': {
      const { authorizationServer, now } = command.data;
      const current = requireServer(state, authorizationServer.id);
      const settings = keepingSigning(normalizeAuthorizationServer(authorizationServer, '', recordedIdsOf(state).server), current.server);
      if (sameServerSettings(current.server, settings)) return [];
      // A rule naming a removed scope could never be matched nor edited consistently.
      for (const rule of current.rules) {
        const missing = rule.conditions.scopes.include.find((s) => s !== ANY_SCOPE && !settings.scopes.includes(s));
        if (missing !== undefined) {
          throw new InvalidConfigurationError('scopes', `scope '${missing}' is still used by rule '${rule.id}'`);
        }
      }
      return [{ type: 'AuthorizationServerUpdated', data: { authorizationServer: settings, updatedAt: now } }];
    }

    case 'DeleteAuthorizationServer': {
      const { authorizationServerId, now } = command.data;
      if (state.status === 'deleted' && state.authorizationServerId === authorizationServerId) return [];
      requireServer(state, authorizationServerId);
      return [{ type: 'AuthorizationServerDeleted', data: { authorizationServerId, deletedAt: now } }];
    }

    case 'CreateAccessPolicy': {
      const { authorizationServerId, policy: input, knownClientIds, now } = command.data;
      const current = requireServer(state, authorizationServerId);
      const policy = normalizeAccessPolicy(input, knownClientIds, '', recordedIdsOf(state).policies);
      if (current.policies.some((p) => p.id === policy.id)) {
        throw new ConfigurationConflictError('accessPolicy', policy.id, 'already exists');
      }
      return [{ type: 'AccessPolicyCreated', data: { authorizationServerId, policy, createdAt: now } }];
    }

    case 'UpdateAccessPolicy': {
      const { authorizationServerId, policy: input, knownClientIds, now } = command.data;
      const current = requireServer(state, authorizationServerId);
      const existing = requirePolicy(current, input.id);
      const policy: AccessPolicy = {
        ...normalizeAccessPolicy(input, knownClientIds, '', recordedIdsOf(state).policies),
        status: existing.status,
      };
      if (samePolicyIgnoringStatus(existing, policy)) return [];
      return [{ type: 'AccessPolicyUpdated', data: { authorizationServerId, policy, updatedAt: now } }];
    }

    case 'ActivateAccessPolicy':
    case 'DeactivateAccessPolicy': {
      const { authorizationServerId, policyId, now } = command.data;
      const existing = requirePolicy(requireServer(state, authorizationServerId), policyId);
      if (command.type === 'ActivateAccessPolicy') {
        return existing.status === 'ACTIVE'
          ? []
          : [{ type: 'AccessPolicyActivated', data: { authorizationServerId, policyId, activatedAt: now } }];
      }
      return existing.status === 'INACTIVE'
        ? []
        : [{ type: 'AccessPolicyDeactivated', data: { authorizationServerId, policyId, deactivatedAt: now } }];
    }

    case 'DeleteAccessPolicy': {
      const { authorizationServerId, policyId, now } = command.data;
      const current = requireServer(state, authorizationServerId);
      requirePolicy(current, policyId);
      return deletePolicyEvents(current, policyId, now);
    }

    case 'CreatePolicyRule': {
      const { authorizationServerId, rule: input, now } = command.data;
      const current = requireServer(state, authorizationServerId);
      requirePolicy(current, input.policyId);
      const rule = normalizePolicyRule(input, input.policyId, current.server.scopes, '', recordedIdsOf(state).rules);
      if (current.rules.some((r) => r.id === rule.id)) {
        throw new ConfigurationConflictError('policyRule', rule.id, 'already exists');
      }
      return [{ type: 'PolicyRuleCreated', data: { authorizationServerId, rule, createdAt: now } }];
    }

    case 'UpdatePolicyRule': {
      const { authorizationServerId, rule: input, now } = command.data;
      const current = requireServer(state, authorizationServerId);
      const existing = requireRule(current, input.policyId, input.id);
      const rule: PolicyRule = {
        ...normalizePolicyRule(input, input.policyId, current.server.scopes, '', recordedIdsOf(state).rules),
        status: existing.status,
      };
      if (sameRuleIgnoringStatus(existing, rule)) return [];
      return [{ type: 'PolicyRuleUpdated', data: { authorizationServerId, rule, updatedAt: now } }];
    }

    case 'ActivatePolicyRule':
    case 'DeactivatePolicyRule': {
      const { authorizationServerId, policyId, ruleId, now } = command.data;
      const existing = requireRule(requireServer(state, authorizationServerId), policyId, ruleId);
      if (command.type === 'ActivatePolicyRule') {
        return existing.status === 'ACTIVE'
          ? []
          : [{ type: 'PolicyRuleActivated', data: { authorizationServerId, policyId, ruleId, activatedAt: now } }];
      }
      return existing.status === 'INACTIVE'
        ? []
        : [{ type: 'PolicyRuleDeactivated', data: { authorizationServerId, policyId, ruleId, deactivatedAt: now } }];
    }

    case 'DeletePolicyRule': {
      const { authorizationServerId, policyId, ruleId, now } = command.data;
      requireRule(requireServer(state, authorizationServerId), policyId, ruleId);
      return [{ type: 'PolicyRuleDeleted', data: { authorizationServerId, policyId, ruleId, deletedAt: now } }];
    }

    case 'ApplyAuthorizationServerDeclaration':
      return applyDeclaration(command.data, state);
  }
}

/**
 * Reconciles the stream with a declaration: validate the whole desired server first (so a
 * bad file changes nothing), then delete what is gone, then create or update what differs.
 */
function applyDeclaration(
  { declaration, knownClientIds, now }: ApplyAuthorizationServerDeclaration['data'],
  state: AuthorizationServerState,
): AuthorizationServerEvent[] {
  if (state.status === 'deleted') {
    throw new ConfigurationConflictError('authorizationServer', state.authorizationServerId, 'was deleted; ids are not reused');
  }
  const recorded = recordedIdsOf(state);
  const server = keepingSigning(normalizeAuthorizationServer(declaration, '', recorded.server), state.status === 'created' ? state.server : undefined);
  if (state.status === 'created' && state.server.id !== server.id) {
    throw new ConfigurationNotFoundError('authorizationServer', server.id);
  }
  if (!Array.isArray(declaration.policies)) {
    throw new InvalidConfigurationError('policies', 'must be a list of policies');
  }
  const desiredPolicies: AccessPolicy[] = [];
  const desiredRules: PolicyRule[] = [];
  declaration.policies.forEach((policyInput, i) => {
    const policy = normalizeAccessPolicy(policyInput, knownClientIds, `policies[${i}]`, recorded.policies);
    if (desiredPolicies.some((p) => p.id === policy.id)) {
      throw new InvalidConfigurationError(`policies[${i}].id`, `duplicate policy id '${policy.id}'`);
    }
    desiredPolicies.push(policy);
    const ruleInputs: readonly PolicyRuleDeclaration[] = policyInput.rules;
    if (!Array.isArray(ruleInputs)) {
      throw new InvalidConfigurationError(`policies[${i}].rules`, 'must be a list of rules');
    }
    ruleInputs.forEach((ruleInput, j) => {
      const rule = normalizePolicyRule(ruleInput, policy.id, server.scopes, `policies[${i}].rules[${j}]`, recorded.rules);
      if (desiredRules.some((r) => r.id === rule.id)) {
        throw new InvalidConfigurationError(`policies[${i}].rules[${j}].id`, `duplicate rule id '${rule.id}'`);
      }
      desiredRules.push(rule);
    });
  });

  const authorizationServerId = server.id;
  const events: AuthorizationServerEvent[] = [];
  const currentPolicies = state.status === 'created' ? state.policies : [];
  const currentRules = state.status === 'created' ? state.rules : [];

  if (state.status === 'initial') {
    events.push({ type: 'AuthorizationServerCreated', data: { authorizationServer: server, createdAt: now } });
  } else if (!sameServerSettings(state.server, server)) {
    events.push({ type: 'AuthorizationServerUpdated', data: { authorizationServer: server, updatedAt: now } });
  }

  // A rule keeps its identity only within its policy: one that moved is deleted and recreated.
  for (const rule of currentRules) {
    if (!desiredRules.some((r) => r.id === rule.id && r.policyId === rule.policyId)) {
      events.push({
        type: 'PolicyRuleDeleted',
        data: { authorizationServerId, policyId: rule.policyId, ruleId: rule.id, deletedAt: now },
      });
    }
  }
  for (const policy of currentPolicies) {
    if (!desiredPolicies.some((p) => p.id === policy.id)) {
      events.push({ type: 'AccessPolicyDeleted', data: { authorizationServerId, policyId: policy.id, deletedAt: now } });
    }
  }

  for (const policy of desiredPolicies) {
    const existing = currentPolicies.find((p) => p.id === policy.id);
    if (existing === undefined) {
      events.push({ type: 'AccessPolicyCreated', data: { authorizationServerId, policy, createdAt: now } });
    } else {
      if (!samePolicyIgnoringStatus(existing, policy)) {
        events.push({
          type: 'AccessPolicyUpdated',
          data: { authorizationServerId, policy: { ...policy, status: existing.status }, updatedAt: now },
        });
      }
      if (existing.status !== policy.status) {
        events.push(
          policy.status === 'ACTIVE'
            ? { type: 'AccessPolicyActivated', data: { authorizationServerId, policyId: policy.id, activatedAt: now } }
            : { type: 'AccessPolicyDeactivated', data: { authorizationServerId, policyId: policy.id, deactivatedAt: now } },
        );
      }
    }
    for (const rule of desiredRules.filter((r) => r.policyId === policy.id)) {
      events.push(...reconcileRule(currentRules, rule, authorizationServerId, now));
    }
  }
  return events;
}

function reconcileRule(
  currentRules: readonly StoredPolicyRule[],
  rule: PolicyRule,
  authorizationServerId: string,
  now: EpochMillis,
): AuthorizationServerEvent[] {
  const existing = currentRules.find((r) => r.id === rule.id && r.policyId === rule.policyId);
  if (existing === undefined) {
    return [{ type: 'PolicyRuleCreated', data: { authorizationServerId, rule, createdAt: now } }];
  }
  const events: AuthorizationServerEvent[] = [];
  if (!sameRuleIgnoringStatus(existing, rule)) {
    events.push({
      type: 'PolicyRuleUpdated',
      data: { authorizationServerId, rule: { ...rule, status: existing.status }, updatedAt: now },
    });
  }
  if (existing.status !== rule.status) {
    const ids = { authorizationServerId, policyId: rule.policyId, ruleId: rule.id };
    events.push(
      rule.status === 'ACTIVE'
        ? { type: 'PolicyRuleActivated', data: { ...ids, activatedAt: now } }
        : { type: 'PolicyRuleDeactivated', data: { ...ids, deactivatedAt: now } },
    );
  }
  return events;
}

/** Explicit rule deletions first, so projections never hold rules of a deleted policy. */
function deletePolicyEvents(state: CreatedState, policyId: string, now: EpochMillis): AuthorizationServerEvent[] {
  const authorizationServerId = state.server.id;
  return [
    ...state.rules
      .filter((r) => r.policyId === policyId)
      .map(
        (r): AuthorizationServerEvent => ({
          type: 'PolicyRuleDeleted',
          data: { authorizationServerId, policyId, ruleId: r.id, deletedAt: now },
        }),
      ),
    { type: 'AccessPolicyDeleted', data: { authorizationServerId, policyId, deletedAt: now } },
  ];
}

/**
 * The ids the stream already holds, by kind. An older version took ids by a looser rule: what
 * it recorded keeps its id (it can still be updated and redeclared, and evolve never refuses
 * it), while every id a command introduces follows the id rule.
 */
function recordedIdsOf(state: AuthorizationServerState): {
  readonly server: readonly string[];
  readonly policies: readonly string[];
  readonly rules: readonly string[];
} {
  switch (state.status) {
    case 'initial':
      return { server: [], policies: [], rules: [] };
    case 'deleted':
      return { server: [state.authorizationServerId], policies: [], rules: [] };
    case 'created':
      return { server: [state.server.id], policies: state.policies.map((p) => p.id), rules: state.rules.map((r) => r.id) };
  }
}

function requireServer(state: AuthorizationServerState, authorizationServerId: string): CreatedState {
  if (state.status !== 'created' || state.server.id !== authorizationServerId) {
    throw new ConfigurationNotFoundError('authorizationServer', authorizationServerId);
  }
  return state;
}

function requirePolicy(state: CreatedState, policyId: string): StoredAccessPolicy {
  const policy = state.policies.find((p) => p.id === policyId);
  if (policy === undefined) throw new ConfigurationNotFoundError('accessPolicy', policyId);
  return policy;
}

function requireRule(state: CreatedState, policyId: string, ruleId: string): StoredPolicyRule {
  const rule = state.rules.find((r) => r.id === ruleId && r.policyId === policyId);
  if (rule === undefined) throw new ConfigurationNotFoundError('policyRule', ruleId);
  return rule;
}

/** The authorization-server aggregate (`authorizationServer-<id>`) as a decider. */
export const authorizationServerDecider: Decider<
  AuthorizationServerCommand,
  AuthorizationServerEvent,
  AuthorizationServerState
> = {
  decide: decideAuthorizationServer,
  evolve: evolveAuthorizationServer,
  initialState: initialAuthorizationServerState,
};
