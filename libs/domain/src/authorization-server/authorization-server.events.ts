import type { DomainEvent } from '../decider';
import type { EpochMillis } from '../token-family/token-family.events';

/** Okta's lifecycle status of servers, policies and rules. */
export type ConfigurationStatus = 'ACTIVE' | 'INACTIVE';

/**
 * How the issuer is derived: `ORG_URL` and `DYNAMIC` derive `<base>/oauth2/<id>` (from the
 * configured base URL, or the request's host); `CUSTOM_URL` uses the `issuer` override.
 */
export type IssuerMode = 'ORG_URL' | 'CUSTOM_URL' | 'DYNAMIC';

/** `conditions.clients.include` value matching every client. */
export const ALL_CLIENTS = 'ALL_CLIENTS';
/** `conditions.people.groups.include` value matching every person (and requests with none). */
export const EVERYONE = 'EVERYONE';
/** `conditions.scopes.include` value matching any requested scopes. */
export const ANY_SCOPE = '*';

/** The JWS algorithms a server can sign its tokens with (Okta signs with RS256 only). */
export type SigningAlgorithm = 'ES256' | 'RS256';
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['ES256', 'RS256'];

/** Okta's `credentials.signing.rotationMode`: rotate by schedule, or only when asked. */
export type SigningKeyRotationMode = 'AUTO' | 'MANUAL';
export const SIGNING_KEY_ROTATION_MODES: readonly SigningKeyRotationMode[] = ['AUTO', 'MANUAL'];

/**
 * How a server's signing keys are made and replaced (Okta's `credentials.signing`, plus the
 * algorithm and the rotation period, which Okta does not let one choose).
 */
export interface SigningSettings {
  readonly rotationMode: SigningKeyRotationMode;
  readonly algorithm: SigningAlgorithm;
  /** AUTO only: how long a key signs before the next one replaces it. */
  readonly rotationPeriodDays: number;
}

/**
 * What a server without recorded {@link SigningSettings} does: what every server did before
 * the settings existed (ES256, rotation only when asked), so replaying old history changes nothing.
 */
export const LEGACY_SIGNING_SETTINGS: SigningSettings = { rotationMode: 'MANUAL', algorithm: 'ES256', rotationPeriodDays: 90 };

/** An authorization server's own settings (its policies and rules live beside it in the state). */
export interface AuthorizationServerSettings {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly audiences: readonly string[];
  readonly issuerMode: IssuerMode;
  /** The issuer override; set exactly when `issuerMode` is `CUSTOM_URL`. */
  readonly issuer: string | null;
  /** Scope names the server knows; rules may only name these (or `*`). */
  readonly scopes: readonly string[];
  readonly status: ConfigurationStatus;
  /**
   * The login service's own endpoints, advertised by discovery. Absent in events recorded
   * before the setting existed; `evolve` reads that as {@link NO_EXTERNAL_ENDPOINTS}.
   */
  readonly endpoints?: ExternalEndpoints;
  /**
   * Which claims access tokens carry beside RFC 9068's. Absent in events recorded before the
   * setting existed; `evolve` reads that as {@link DEFAULT_ACCESS_TOKEN_CLAIMS} (Okta's on).
   */
  readonly accessTokenClaims?: AccessTokenClaimSettings;
  /** Absent on servers recorded without it: they keep {@link LEGACY_SIGNING_SETTINGS}. */
  readonly signing?: SigningSettings;
}

/**
 * The `iss` of the server's tokens, as the token endpoints resolve it: its own issuer under
 * `CUSTOM_URL`, otherwise the service's base URL and the server's path.
 */
export function authorizationServerIssuer(server: Pick<AuthorizationServerSettings, 'id' | 'issuerMode' | 'issuer'>, issuerBaseUrl: string): string {
  return server.issuerMode === 'CUSTOM_URL' && server.issuer ? server.issuer : `${issuerBaseUrl}/oauth2/${server.id}`;
}

/**
 * Endpoints of the login service that authorizes users, which is outside this service:
 * discovery advertises each only when it is set. Absolute https URLs (http only for loopback).
 */
export interface ExternalEndpoints {
  /** `authorization_endpoint` (RFC 6749 §3.1). */
  readonly authorization: string | null;
  /** `end_session_endpoint` (OpenID Connect RP-Initiated Logout 1.0). */
  readonly endSession: string | null;
  /** `userinfo_endpoint` (OpenID Connect Core §5.3). */
  readonly userinfo: string | null;
  /**
   * `response_types_supported` while an authorization endpoint is set. Never a type with
   * `code`: its code would be redeemed at this service's token endpoint, which does not accept
   * `authorization_code`.
   */
  readonly responseTypes: readonly string[];
}

/** No external endpoint: what servers created before the setting existed have. */
export const NO_EXTERNAL_ENDPOINTS: ExternalEndpoints = {
  authorization: null,
  endSession: null,
  userinfo: null,
  responseTypes: [],
};

/** Claims added to access tokens beside the RFC 9068 ones. */
export interface AccessTokenClaimSettings {
  /** Okta's `ver`, `cid`, `uid` (when a user id is known) and `scp` (the scopes as an array). */
  readonly okta: boolean;
}

/** On for new servers and for servers created before the setting existed. */
export const DEFAULT_ACCESS_TOKEN_CLAIMS: AccessTokenClaimSettings = { okta: true };

/** An access policy, in Okta's `OAUTH_AUTHORIZATION_POLICY` JSON shape. */
export interface AccessPolicy {
  readonly id: string;
  readonly type: 'OAUTH_AUTHORIZATION_POLICY';
  readonly name: string;
  readonly description: string;
  /** 1 = evaluated first; ties go to the older policy. */
  readonly priority: number;
  readonly status: ConfigurationStatus;
  readonly system: boolean;
  readonly conditions: {
    /** `['ALL_CLIENTS']` or client ids. */
    readonly clients: { readonly include: readonly string[] };
  };
}

/** Users and groups a rule applies to (Okta's `conditions.people`). */
export interface PeopleCondition {
  readonly users: { readonly include: readonly string[]; readonly exclude: readonly string[] };
  /** `include` may hold `EVERYONE`. */
  readonly groups: { readonly include: readonly string[]; readonly exclude: readonly string[] };
}

/** The token lifetimes a rule grants (Okta's `actions.token`). */
export interface TokenActions {
  /** 5..1440. */
  readonly accessTokenLifetimeMinutes: number;
  /** 0 = unlimited, else access lifetime..2,628,000 (5 years). */
  readonly refreshTokenLifetimeMinutes: number;
  /** Idle window, 10..2,628,000 and not above the refresh lifetime when that is set. */
  readonly refreshTokenWindowMinutes: number;
}

/** A policy rule, in Okta's `RESOURCE_ACCESS` JSON shape. */
export interface PolicyRule {
  readonly id: string;
  readonly policyId: string;
  readonly type: 'RESOURCE_ACCESS';
  readonly name: string;
  /** 1 = evaluated first within its policy; ties go to the older rule. */
  readonly priority: number;
  readonly status: ConfigurationStatus;
  readonly system: boolean;
  readonly conditions: {
    readonly grantTypes: { readonly include: readonly string[] };
    /** Scope names, or `['*']` for any. */
    readonly scopes: { readonly include: readonly string[] };
    readonly people: PeopleCondition;
  };
  readonly actions: { readonly token: TokenActions };
}

/** The server with all its settings, defaults filled. */
export interface AuthorizationServerCreatedData {
  readonly authorizationServer: AuthorizationServerSettings;
  readonly createdAt: EpochMillis;
}

/** State-carrying: the server's whole settings after the change (status included). */
export interface AuthorizationServerUpdatedData {
  readonly authorizationServer: AuthorizationServerSettings;
  readonly updatedAt: EpochMillis;
}

/** Terminal: the server's policies and rules go with it, and its id is never reused. */
export interface AuthorizationServerDeletedData {
  readonly authorizationServerId: string;
  readonly deletedAt: EpochMillis;
}

/** The new policy, in Okta shape, with its initial status. */
export interface AccessPolicyCreatedData {
  readonly authorizationServerId: string;
  readonly policy: AccessPolicy;
  readonly createdAt: EpochMillis;
}

/** State-carrying: the whole policy after the change; its `status` is unchanged (see Activated). */
export interface AccessPolicyUpdatedData {
  readonly authorizationServerId: string;
  readonly policy: AccessPolicy;
  readonly updatedAt: EpochMillis;
}

/** The policy is evaluated again. */
export interface AccessPolicyActivatedData {
  readonly authorizationServerId: string;
  readonly policyId: string;
  readonly activatedAt: EpochMillis;
}

/** The policy is skipped by evaluation until activated. */
export interface AccessPolicyDeactivatedData {
  readonly authorizationServerId: string;
  readonly policyId: string;
  readonly deactivatedAt: EpochMillis;
}

/** Always preceded (same append) by a `PolicyRuleDeleted` for each of the policy's rules. */
export interface AccessPolicyDeletedData {
  readonly authorizationServerId: string;
  readonly policyId: string;
  readonly deletedAt: EpochMillis;
}

/** The new rule, in Okta shape, with its initial status. */
export interface PolicyRuleCreatedData {
  readonly authorizationServerId: string;
  readonly rule: PolicyRule;
  readonly createdAt: EpochMillis;
}

/** State-carrying: the whole rule after the change; its `status` is unchanged (see Activated). */
export interface PolicyRuleUpdatedData {
  readonly authorizationServerId: string;
  readonly rule: PolicyRule;
  readonly updatedAt: EpochMillis;
}

/** The rule is evaluated again. */
export interface PolicyRuleActivatedData {
  readonly authorizationServerId: string;
  readonly policyId: string;
  readonly ruleId: string;
  readonly activatedAt: EpochMillis;
}

/** The rule is skipped by evaluation until activated. */
export interface PolicyRuleDeactivatedData {
  readonly authorizationServerId: string;
  readonly policyId: string;
  readonly ruleId: string;
  readonly deactivatedAt: EpochMillis;
}

/** The rule is gone from its policy. */
export interface PolicyRuleDeletedData {
  readonly authorizationServerId: string;
  readonly policyId: string;
  readonly ruleId: string;
  readonly deletedAt: EpochMillis;
}

/** A server came into existence. */
export type AuthorizationServerCreated = DomainEvent<'AuthorizationServerCreated', AuthorizationServerCreatedData>;
/** A server's settings changed. */
export type AuthorizationServerUpdated = DomainEvent<'AuthorizationServerUpdated', AuthorizationServerUpdatedData>;
/** A server and everything in it were deleted. */
export type AuthorizationServerDeleted = DomainEvent<'AuthorizationServerDeleted', AuthorizationServerDeletedData>;
/** A policy was added to the server. */
export type AccessPolicyCreated = DomainEvent<'AccessPolicyCreated', AccessPolicyCreatedData>;
/** A policy was replaced (status aside). */
export type AccessPolicyUpdated = DomainEvent<'AccessPolicyUpdated', AccessPolicyUpdatedData>;
/** A policy became ACTIVE. */
export type AccessPolicyActivated = DomainEvent<'AccessPolicyActivated', AccessPolicyActivatedData>;
/** A policy became INACTIVE. */
export type AccessPolicyDeactivated = DomainEvent<'AccessPolicyDeactivated', AccessPolicyDeactivatedData>;
/** A policy was removed. */
export type AccessPolicyDeleted = DomainEvent<'AccessPolicyDeleted', AccessPolicyDeletedData>;
/** A rule was added to a policy. */
export type PolicyRuleCreated = DomainEvent<'PolicyRuleCreated', PolicyRuleCreatedData>;
/** A rule was replaced (status aside). */
export type PolicyRuleUpdated = DomainEvent<'PolicyRuleUpdated', PolicyRuleUpdatedData>;
/** A rule became ACTIVE. */
export type PolicyRuleActivated = DomainEvent<'PolicyRuleActivated', PolicyRuleActivatedData>;
/** A rule became INACTIVE. */
export type PolicyRuleDeactivated = DomainEvent<'PolicyRuleDeactivated', PolicyRuleDeactivatedData>;
/** A rule was removed. */
export type PolicyRuleDeleted = DomainEvent<'PolicyRuleDeleted', PolicyRuleDeletedData>;

/** Every event of an `authorizationServer-<id>` stream. */
export type AuthorizationServerEvent =
  | AuthorizationServerCreated
  | AuthorizationServerUpdated
  | AuthorizationServerDeleted
  | AccessPolicyCreated
  | AccessPolicyUpdated
  | AccessPolicyActivated
  | AccessPolicyDeactivated
  | AccessPolicyDeleted
  | PolicyRuleCreated
  | PolicyRuleUpdated
  | PolicyRuleActivated
  | PolicyRuleDeactivated
  | PolicyRuleDeleted;

/** The event types of {@link AuthorizationServerEvent}, for subscriptions and projections. */
export const AUTHORIZATION_SERVER_EVENT_TYPES = [
  'AuthorizationServerCreated',
  'AuthorizationServerUpdated',
  'AuthorizationServerDeleted',
  'AccessPolicyCreated',
  'AccessPolicyUpdated',
  'AccessPolicyActivated',
  'AccessPolicyDeactivated',
  'AccessPolicyDeleted',
  'PolicyRuleCreated',
  'PolicyRuleUpdated',
  'PolicyRuleActivated',
  'PolicyRuleDeactivated',
  'PolicyRuleDeleted',
] as const satisfies readonly AuthorizationServerEvent['type'][];
