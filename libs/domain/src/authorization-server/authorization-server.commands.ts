import type { EpochMillis } from '../token-family/token-family.events';
import type { ConfigurationStatus, IssuerMode, SigningAlgorithm, SigningKeyRotationMode } from './authorization-server.events';

/**
 * An authorization server as submitted. Omitted optionals take Okta's defaults:
 * description `''`, issuerMode `ORG_URL`, issuer `null`, scopes `[]`, status `ACTIVE`;
 * and this service's: no external endpoints, Okta's access-token claims on.
 */
export interface AuthorizationServerInput {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly audiences: readonly string[];
  readonly issuerMode?: IssuerMode;
  readonly issuer?: string | null;
  readonly scopes?: readonly string[];
  readonly status?: ConfigurationStatus;
  /** Omitted or `null`: none; an omitted member is `null` (`responseTypes`: `[]`). */
  readonly endpoints?: {
    readonly authorization?: string | null;
    readonly endSession?: string | null;
    readonly userinfo?: string | null;
    readonly responseTypes?: readonly string[];
  } | null;
  /** Omitted: `{ okta: true }`. */
  readonly accessTokenClaims?: { readonly okta?: boolean } | null;
  /**
   * Okta's `credentials`; only `signing.rotationMode` is Okta's input, `algorithm` and
   * `rotationPeriodDays` are ours. Omitted on an update or a declaration: the recorded settings
   * stay. Defaults when `signing` is given: AUTO, ES256, 90 days.
   */
  readonly credentials?: {
    readonly signing?: {
      readonly rotationMode?: SigningKeyRotationMode;
      readonly algorithm?: SigningAlgorithm;
      readonly rotationPeriodDays?: number;
    };
  };
}

/** An access policy as submitted; defaults: description `''`, status `ACTIVE`, system `false`. */
export interface AccessPolicyInput {
  readonly id: string;
  readonly type?: 'OAUTH_AUTHORIZATION_POLICY';
  readonly name: string;
  readonly description?: string;
  readonly priority: number;
  readonly status?: ConfigurationStatus;
  readonly system?: boolean;
  readonly conditions: { readonly clients: { readonly include: readonly string[] } };
}

/**
 * A policy rule as submitted; defaults: status `ACTIVE`, system `false`, and when `people` is
 * omitted `groups.include: ['EVERYONE']` (Okta's "any user"); omitted lists are empty.
 */
export interface PolicyRuleInput {
  readonly id: string;
  readonly policyId: string;
  readonly type?: 'RESOURCE_ACCESS';
  readonly name: string;
  readonly priority: number;
  readonly status?: ConfigurationStatus;
  readonly system?: boolean;
  readonly conditions: {
    readonly grantTypes: { readonly include: readonly string[] };
    readonly scopes: { readonly include: readonly string[] };
    readonly people?: {
      readonly users?: { readonly include?: readonly string[]; readonly exclude?: readonly string[] };
      readonly groups?: { readonly include?: readonly string[]; readonly exclude?: readonly string[] };
    };
  };
  readonly actions: {
    readonly token: {
      readonly accessTokenLifetimeMinutes: number;
      readonly refreshTokenLifetimeMinutes: number;
      readonly refreshTokenWindowMinutes: number;
    };
  };
}

/** A rule inside a declaration: its policy is the one it is nested in. */
export type PolicyRuleDeclaration = Omit<PolicyRuleInput, 'policyId'>;

/** A policy inside a declaration, with all of its rules. */
export interface AccessPolicyDeclaration extends AccessPolicyInput {
  readonly rules: readonly PolicyRuleDeclaration[];
}

/**
 * The bootstrap file's form: one whole desired server. Policies and rules present in the
 * stream but absent here are deleted: the declaration is the complete desired state.
 */
export interface AuthorizationServerDeclaration extends AuthorizationServerInput {
  readonly policies: readonly AccessPolicyDeclaration[];
}

/** Creates the server the stream is named after. */
export interface CreateAuthorizationServer {
  readonly type: 'CreateAuthorizationServer';
  readonly data: { readonly authorizationServer: AuthorizationServerInput; readonly now: EpochMillis };
}

/** Replaces the server's settings (Okta's PUT); identical settings produce no event. */
export interface UpdateAuthorizationServer {
  readonly type: 'UpdateAuthorizationServer';
  readonly data: { readonly authorizationServer: AuthorizationServerInput; readonly now: EpochMillis };
}

/** Deletes the server with its policies and rules; deleting it again is a no-op. */
export interface DeleteAuthorizationServer {
  readonly type: 'DeleteAuthorizationServer';
  readonly data: { readonly authorizationServerId: string; readonly now: EpochMillis };
}

/**
 * Client ids named in policy conditions are checked against `knownClientIds`, which the
 * handler reads from the client read model: the decider cannot see other streams.
 */
export interface CreateAccessPolicy {
  readonly type: 'CreateAccessPolicy';
  readonly data: {
    readonly authorizationServerId: string;
    readonly policy: AccessPolicyInput;
    readonly knownClientIds: readonly string[];
    readonly now: EpochMillis;
  };
}

/** Replaces a policy (Okta's PUT) except its status, which only activate/deactivate change. */
export interface UpdateAccessPolicy {
  readonly type: 'UpdateAccessPolicy';
  readonly data: {
    readonly authorizationServerId: string;
    readonly policy: AccessPolicyInput;
    readonly knownClientIds: readonly string[];
    readonly now: EpochMillis;
  };
}

interface PolicyLifecycleData {
  readonly authorizationServerId: string;
  readonly policyId: string;
  readonly now: EpochMillis;
}

/** Sets a policy ACTIVE; a no-op when it already is. */
export interface ActivateAccessPolicy {
  readonly type: 'ActivateAccessPolicy';
  readonly data: PolicyLifecycleData;
}

/** Sets a policy INACTIVE (skipped by evaluation); a no-op when it already is. */
export interface DeactivateAccessPolicy {
  readonly type: 'DeactivateAccessPolicy';
  readonly data: PolicyLifecycleData;
}

/** Deletes the policy and, first, each of its rules. */
export interface DeleteAccessPolicy {
  readonly type: 'DeleteAccessPolicy';
  readonly data: PolicyLifecycleData;
}

/** Adds a rule to an existing policy; named scopes must be scopes of the server. */
export interface CreatePolicyRule {
  readonly type: 'CreatePolicyRule';
  readonly data: {
    readonly authorizationServerId: string;
    readonly rule: PolicyRuleInput;
    readonly now: EpochMillis;
  };
}

/** Replaces a rule (Okta's PUT) except its status; a rule never moves to another policy. */
export interface UpdatePolicyRule {
  readonly type: 'UpdatePolicyRule';
  readonly data: {
    readonly authorizationServerId: string;
    readonly rule: PolicyRuleInput;
    readonly now: EpochMillis;
  };
}

interface RuleLifecycleData {
  readonly authorizationServerId: string;
  readonly policyId: string;
  readonly ruleId: string;
  readonly now: EpochMillis;
}

/** Sets a rule ACTIVE; a no-op when it already is. */
export interface ActivatePolicyRule {
  readonly type: 'ActivatePolicyRule';
  readonly data: RuleLifecycleData;
}

/** Sets a rule INACTIVE (skipped by evaluation); a no-op when it already is. */
export interface DeactivatePolicyRule {
  readonly type: 'DeactivatePolicyRule';
  readonly data: RuleLifecycleData;
}

/** Removes a rule from its policy. */
export interface DeletePolicyRule {
  readonly type: 'DeletePolicyRule';
  readonly data: RuleLifecycleData;
}

/**
 * Bring the stream to the declared server: emits only the events needed, none when the
 * stream already matches, so applying the same file at every start is idempotent.
 */
export interface ApplyAuthorizationServerDeclaration {
  readonly type: 'ApplyAuthorizationServerDeclaration';
  readonly data: {
    readonly declaration: AuthorizationServerDeclaration;
    readonly knownClientIds: readonly string[];
    readonly now: EpochMillis;
  };
}

/** Every command the authorization-server decider accepts. */
export type AuthorizationServerCommand =
  | CreateAuthorizationServer
  | UpdateAuthorizationServer
  | DeleteAuthorizationServer
  | CreateAccessPolicy
  | UpdateAccessPolicy
  | ActivateAccessPolicy
  | DeactivateAccessPolicy
  | DeleteAccessPolicy
  | CreatePolicyRule
  | UpdatePolicyRule
  | ActivatePolicyRule
  | DeactivatePolicyRule
  | DeletePolicyRule
  | ApplyAuthorizationServerDeclaration;
