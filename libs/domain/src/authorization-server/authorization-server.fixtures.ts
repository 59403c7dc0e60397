import type {
  AccessPolicyInput,
  AuthorizationServerCommand,
  AuthorizationServerInput,
  PolicyRuleInput,
} from './authorization-server.commands';
import type { AccessPolicy, AuthorizationServerEvent, AuthorizationServerSettings, PolicyRule } from './authorization-server.events';

// Object mothers for authorization-server specs: valid inputs and the events they produce.

/** The fixed clock of these specs. */
export const NOW = 1_700_000_000_000;
/** One minute after {@link NOW}. */
export const LATER = NOW + 60_000;
/** The authorization server the fixtures describe. */
export const AS_ID = 'partners';

/** A valid server as submitted. */
export function serverInput(overrides: Partial<AuthorizationServerInput> = {}): AuthorizationServerInput {
  return {
    id: AS_ID,
    name: 'Partners',
    audiences: ['api://partners'],
    scopes: ['openid', 'offline_access', 'orders:read'],
    ...overrides,
  };
}

/** The settings {@link serverInput} normalises to. */
export function serverSettings(overrides: Partial<AuthorizationServerSettings> = {}): AuthorizationServerSettings {
  return {
    id: AS_ID,
    name: 'Partners',
    description: '',
    audiences: ['api://partners'],
    issuerMode: 'ORG_URL',
    issuer: null,
    scopes: ['openid', 'offline_access', 'orders:read'],
    status: 'ACTIVE',
    ...overrides,
  };
}

/** A valid policy as submitted. */
export function policyInput(overrides: Partial<AccessPolicyInput> = {}): AccessPolicyInput {
  return {
    id: 'pol-1',
    name: 'Partner apps',
    priority: 1,
    conditions: { clients: { include: ['ALL_CLIENTS'] } },
    ...overrides,
  };
}

/** The policy {@link policyInput} normalises to. */
export function policy(overrides: Partial<AccessPolicy> = {}): AccessPolicy {
  return {
    id: 'pol-1',
    type: 'OAUTH_AUTHORIZATION_POLICY',
    name: 'Partner apps',
    description: '',
    priority: 1,
    status: 'ACTIVE',
    system: false,
    conditions: { clients: { include: ['ALL_CLIENTS'] } },
    ...overrides,
  };
}

/** A valid rule as submitted (people omitted: EVERYONE). */
export function ruleInput(overrides: Partial<PolicyRuleInput> = {}): PolicyRuleInput {
  return {
    id: 'rule-1',
    policyId: 'pol-1',
    name: 'Refreshing users',
    priority: 1,
    conditions: {
      grantTypes: { include: ['authorization_code', 'refresh_token'] },
      scopes: { include: ['*'] },
    },
    actions: {
      token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 },
    },
    ...overrides,
  };
}

/** The rule {@link ruleInput} normalises to. */
export function rule(overrides: Partial<PolicyRule> = {}): PolicyRule {
  return {
    id: 'rule-1',
    policyId: 'pol-1',
    type: 'RESOURCE_ACCESS',
    name: 'Refreshing users',
    priority: 1,
    status: 'ACTIVE',
    system: false,
    conditions: {
      grantTypes: { include: ['authorization_code', 'refresh_token'] },
      scopes: { include: ['*'] },
      people: { users: { include: [], exclude: [] }, groups: { include: ['EVERYONE'], exclude: [] } },
    },
    actions: {
      token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 },
    },
    ...overrides,
  };
}

/** The server was created at NOW. */
export const serverCreated = (settings = serverSettings()): AuthorizationServerEvent => ({
  type: 'AuthorizationServerCreated',
  data: { authorizationServer: settings, createdAt: NOW },
});

/** A policy was created at NOW. */
export const policyCreated = (p = policy()): AuthorizationServerEvent => ({
  type: 'AccessPolicyCreated',
  data: { authorizationServerId: AS_ID, policy: p, createdAt: NOW },
});

/** A rule was created at NOW. */
export const ruleCreated = (r = rule()): AuthorizationServerEvent => ({
  type: 'PolicyRuleCreated',
  data: { authorizationServerId: AS_ID, rule: r, createdAt: NOW },
});

/** A command creating `input` at LATER. */
export const createRule = (input: PolicyRuleInput): AuthorizationServerCommand => ({
  type: 'CreatePolicyRule',
  data: { authorizationServerId: AS_ID, rule: input, now: LATER },
});
