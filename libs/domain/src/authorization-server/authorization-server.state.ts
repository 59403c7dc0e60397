import type { PolicyView } from '../policy/policy-view';
import type { EpochMillis } from '../token-family/token-family.events';
import {
  DEFAULT_ACCESS_TOKEN_CLAIMS,
  NO_EXTERNAL_ENDPOINTS,
  type AccessPolicy,
  type AccessTokenClaimSettings,
  type AuthorizationServerEvent,
  type AuthorizationServerSettings,
  type ExternalEndpoints,
  type PolicyRule,
} from './authorization-server.events';

/** A policy as held in the state: Okta's shape plus creation order and timestamps. */
export interface StoredAccessPolicy extends AccessPolicy {
  /** Creation order within the server, assigned by `evolve`; breaks priority ties. */
  readonly sequence: number;
  readonly created: EpochMillis;
  readonly lastUpdated: EpochMillis;
}

/** A rule as held in the state: Okta's shape plus creation order and timestamps. */
export interface StoredPolicyRule extends PolicyRule {
  readonly sequence: number;
  readonly created: EpochMillis;
  readonly lastUpdated: EpochMillis;
}

/** A server as held in the state: its settings (defaults filled) plus timestamps. */
export interface StoredAuthorizationServer extends AuthorizationServerSettings {
  readonly endpoints: ExternalEndpoints;
  readonly accessTokenClaims: AccessTokenClaimSettings;
  readonly created: EpochMillis;
  readonly lastUpdated: EpochMillis;
}

/**
 * The state of one `authorizationServer-<id>` stream. Plain JSON (arrays, no maps) so it can
 * be snapshotted. Policies and rules are kept in creation order.
 */
export type AuthorizationServerState =
  | { readonly status: 'initial' }
  | {
      readonly status: 'created';
      readonly server: StoredAuthorizationServer;
      readonly policies: readonly StoredAccessPolicy[];
      readonly rules: readonly StoredPolicyRule[];
      /** Next creation sequence for a policy or rule. */
      readonly nextSequence: number;
    }
  | { readonly status: 'deleted'; readonly authorizationServerId: string };

/** The state of a stream with no events. */
export function initialAuthorizationServerState(): AuthorizationServerState {
  return { status: 'initial' };
}

/**
 * Applies one event. Total: an event that does not fit the state (unknown id, wrong phase)
 * leaves it unchanged, because replay must never fail on history.
 */
export function evolveAuthorizationServer(
  state: AuthorizationServerState,
  event: AuthorizationServerEvent,
): AuthorizationServerState {
  if (event.type === 'AuthorizationServerCreated') {
    if (state.status !== 'initial') return state;
    const { authorizationServer, createdAt } = event.data;
    return {
      status: 'created',
      server: { ...withSettingDefaults(authorizationServer), created: createdAt, lastUpdated: createdAt },
      policies: [],
      rules: [],
      nextSequence: 1,
    };
  }
  if (state.status !== 'created') return state;

  switch (event.type) {
    case 'AuthorizationServerUpdated':
      return {
        ...state,
        server: {
          ...withSettingDefaults(event.data.authorizationServer),
          created: state.server.created,
          lastUpdated: event.data.updatedAt,
        },
      };
    case 'AuthorizationServerDeleted':
      return { status: 'deleted', authorizationServerId: state.server.id };
    case 'AccessPolicyCreated': {
      const { policy, createdAt } = event.data;
      if (state.policies.some((p) => p.id === policy.id)) return state;
      const stored: StoredAccessPolicy = { ...policy, sequence: state.nextSequence, created: createdAt, lastUpdated: createdAt };
      return { ...state, policies: [...state.policies, stored], nextSequence: state.nextSequence + 1 };
    }
    case 'AccessPolicyUpdated': {
      const { policy, updatedAt } = event.data;
      return {
        ...state,
        policies: state.policies.map((p) =>
          p.id === policy.id ? { ...policy, sequence: p.sequence, created: p.created, lastUpdated: updatedAt } : p,
        ),
      };
    }
    case 'AccessPolicyActivated':
    case 'AccessPolicyDeactivated': {
      const status = event.type === 'AccessPolicyActivated' ? 'ACTIVE' : 'INACTIVE';
      const at = event.type === 'AccessPolicyActivated' ? event.data.activatedAt : event.data.deactivatedAt;
      return {
        ...state,
        policies: state.policies.map((p) => (p.id === event.data.policyId ? { ...p, status, lastUpdated: at } : p)),
      };
    }
    case 'AccessPolicyDeleted':
      // Rules go with their policy even if a history lacks their PolicyRuleDeleted events.
      return {
        ...state,
        policies: state.policies.filter((p) => p.id !== event.data.policyId),
        rules: state.rules.filter((r) => r.policyId !== event.data.policyId),
      };
    case 'PolicyRuleCreated': {
      const { rule, createdAt } = event.data;
      if (state.rules.some((r) => r.id === rule.id)) return state;
      if (!state.policies.some((p) => p.id === rule.policyId)) return state;
      const stored: StoredPolicyRule = { ...rule, sequence: state.nextSequence, created: createdAt, lastUpdated: createdAt };
      return { ...state, rules: [...state.rules, stored], nextSequence: state.nextSequence + 1 };
    }
    case 'PolicyRuleUpdated': {
      const { rule, updatedAt } = event.data;
      return {
        ...state,
        rules: state.rules.map((r) =>
          r.id === rule.id && r.policyId === rule.policyId
            ? { ...rule, sequence: r.sequence, created: r.created, lastUpdated: updatedAt }
            : r,
        ),
      };
    }
    case 'PolicyRuleActivated':
    case 'PolicyRuleDeactivated': {
      const status = event.type === 'PolicyRuleActivated' ? 'ACTIVE' : 'INACTIVE';
      const at = event.type === 'PolicyRuleActivated' ? event.data.activatedAt : event.data.deactivatedAt;
      return {
        ...state,
        rules: state.rules.map((r) => (r.id === event.data.ruleId ? { ...r, status, lastUpdated: at } : r)),
      };
    }
    case 'PolicyRuleDeleted':
      return { ...state, rules: state.rules.filter((r) => r.id !== event.data.ruleId) };
    default:
      return state;
  }
}

/**
 * What the policy evaluator needs, from the folded state and the stream revision it was folded
 * up to (that revision is the configuration version recorded in token provenance).
 * `null` when the server does not exist or was deleted.
 */
export function toPolicyView(state: AuthorizationServerState, streamRevision: bigint | number): PolicyView | null {
  if (state.status !== 'created') return null;
  return {
    authorizationServerId: state.server.id,
    status: state.server.status,
    configVersion: Number(streamRevision),
    policies: state.policies.map((policy) => ({
      ...stripStored(policy),
      sequence: policy.sequence,
      rules: state.rules
        .filter((rule) => rule.policyId === policy.id)
        .map((rule) => ({ ...stripStored(rule), sequence: rule.sequence })),
    })),
  };
}

/** Settings recorded before `endpoints` / `accessTokenClaims` existed read as their defaults. */
function withSettingDefaults(
  settings: AuthorizationServerSettings,
): AuthorizationServerSettings & Pick<StoredAuthorizationServer, 'endpoints' | 'accessTokenClaims'> {
  return {
    ...settings,
    endpoints: settings.endpoints ?? NO_EXTERNAL_ENDPOINTS,
    accessTokenClaims: settings.accessTokenClaims ?? DEFAULT_ACCESS_TOKEN_CLAIMS,
  };
}

function stripStored<T extends { created: EpochMillis; lastUpdated: EpochMillis; sequence: number }>(
  stored: T,
): Omit<T, 'created' | 'lastUpdated' | 'sequence'> {
  const { created: _created, lastUpdated: _lastUpdated, sequence: _sequence, ...rest } = stored;
  return rest;
}
