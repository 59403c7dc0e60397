import { requireId } from '../ids';
import { InvalidConfigurationError } from '../policy/configuration.errors';
import {
  asSet,
  field,
  requireIntegerInRange,
  requireName,
  requireOneOf,
  requireStringList,
} from '../policy/configuration-validation';
import { isKnownGrantType, KNOWN_GRANT_TYPES } from '../policy/grant-types';
import { structurallyEqual } from '../policy/structurally-equal';
import type {
  AccessPolicyInput,
  AuthorizationServerInput,
  PolicyRuleDeclaration,
} from './authorization-server.commands';
import {
  ALL_CLIENTS,
  ANY_SCOPE,
  DEFAULT_ACCESS_TOKEN_CLAIMS,
  EVERYONE,
  NO_EXTERNAL_ENDPOINTS,
  SIGNING_ALGORITHMS,
  SIGNING_KEY_ROTATION_MODES,
  type AccessPolicy,
  type AccessTokenClaimSettings,
  type ExternalEndpoints,
  type AuthorizationServerSettings,
  type ConfigurationStatus,
  type IssuerMode,
  type PolicyRule,
  type SigningSettings,
  type TokenActions,
} from './authorization-server.events';

/** Okta's ranges for `actions.token`, in minutes. */
export const TOKEN_LIFETIME_LIMITS = {
  accessTokenMinutes: { min: 5, max: 1440 },
  /** 0 means unlimited; otherwise at least the access-token lifetime. */
  refreshTokenMinutes: { max: 2_628_000 },
  refreshTokenWindowMinutes: { min: 10, max: 2_628_000 },
} as const;

const STATUSES: readonly ConfigurationStatus[] = ['ACTIVE', 'INACTIVE'];
const ISSUER_MODES: readonly IssuerMode[] = ['ORG_URL', 'CUSTOM_URL', 'DYNAMIC'];
/**
 * Response types an external authorization endpoint may be advertised with: those that need
 * no code redeemed at this service's token endpoint, which does not accept `authorization_code`.
 */
export const EXTERNAL_RESPONSE_TYPES = ['none', 'id_token', 'token', 'id_token token'] as const;
const MAX_URL_LENGTH = 2048;
/** RFC 6749 §3.3 scope-token characters. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * Validates a submitted server and fills Okta's defaults. `endpoints` and `accessTokenClaims`
 * are left out while they hold their defaults, so such a server's events read as before the
 * settings existed. `recordedIds`: ids already in the log, which keep working though they may
 * predate the id rule ({@link requireId}).
 */
export function normalizeAuthorizationServer(
  input: AuthorizationServerInput,
  path = '',
  recordedIds: readonly string[] = [],
): AuthorizationServerSettings {
  const issuerMode =
    input.issuerMode === undefined ? 'ORG_URL' : requireOneOf(input.issuerMode, field(path, 'issuerMode'), ISSUER_MODES);
  const scopes = requireStringList(input.scopes, field(path, 'scopes'), { optional: true });
  scopes.forEach((scope, index) => {
    if (scope === ANY_SCOPE || !SCOPE_TOKEN.test(scope)) {
      throw new InvalidConfigurationError(`${field(path, 'scopes')}[${index}]`, 'is not a valid scope name (RFC 6749 §3.3)');
    }
  });
  const endpoints = normalizeEndpoints(input.endpoints, field(path, 'endpoints'));
  const accessTokenClaims = normalizeAccessTokenClaims(input.accessTokenClaims, field(path, 'accessTokenClaims'));
  return {
    id: requireId(input.id, field(path, 'id'), recordedIds),
    name: requireName(input.name, field(path, 'name')),
    description: optionalString(input.description, field(path, 'description')),
    audiences: requireStringList(input.audiences, field(path, 'audiences'), { nonEmpty: true }),
    issuerMode,
    issuer: normalizeIssuer(issuerMode, input.issuer, field(path, 'issuer')),
    scopes,
    status: input.status === undefined ? 'ACTIVE' : requireOneOf(input.status, field(path, 'status'), STATUSES),
    ...(endpoints !== NO_EXTERNAL_ENDPOINTS ? { endpoints } : {}),
    ...(accessTokenClaims !== DEFAULT_ACCESS_TOKEN_CLAIMS ? { accessTokenClaims } : {}),
    ...normalizeSigning(input.credentials, field(path, 'credentials')),
  };
}

/** Longest AUTO rotation period accepted, in days (a key signing longer is rarely wanted). */
export const MAX_ROTATION_PERIOD_DAYS = 365;

/**
 * `credentials.signing` as submitted, defaults filled (AUTO, ES256, 90 days, as Okta's), or
 * nothing when it was not given. Okta's read-only members a client echoes back (`kid`,
 * `lastRotated`, `nextRotation`, `use`) are ignored.
 */
function normalizeSigning(credentials: AuthorizationServerInput['credentials'], at: string): { signing?: SigningSettings } {
  if (credentials === undefined || credentials === null) return {};
  if (typeof credentials !== 'object') throw new InvalidConfigurationError(at, 'must be an object');
  const signing = credentials.signing;
  if (signing === undefined || signing === null) return {};
  if (typeof signing !== 'object') throw new InvalidConfigurationError(`${at}.signing`, 'must be an object');
  const period = signing.rotationPeriodDays ?? 90;
  if (typeof period !== 'number' || !Number.isInteger(period) || period < 1 || period > MAX_ROTATION_PERIOD_DAYS) {
    throw new InvalidConfigurationError(`${at}.signing.rotationPeriodDays`, `must be a whole number of days from 1 to ${MAX_ROTATION_PERIOD_DAYS}`);
  }
  return {
    signing: {
      rotationMode: signing.rotationMode === undefined ? 'AUTO' : requireOneOf(signing.rotationMode, `${at}.signing.rotationMode`, SIGNING_KEY_ROTATION_MODES),
      algorithm: signing.algorithm === undefined ? 'ES256' : requireOneOf(signing.algorithm, `${at}.signing.algorithm`, SIGNING_ALGORITHMS),
      rotationPeriodDays: period,
    },
  };
}

/**
 * `settings` with the signing settings of `current` when none were submitted: an update or a
 * declaration that does not mention `credentials` leaves the key rotation as it is.
 */
export function keepingSigning(settings: AuthorizationServerSettings, current: AuthorizationServerSettings | undefined): AuthorizationServerSettings {
  if (settings.signing !== undefined || current?.signing === undefined) return settings;
  return { ...settings, signing: current.signing };
}

/**
 * The external login service's endpoints: each absolute, https (http only on a loopback host,
 * where the traffic never leaves the machine: a development login service), no fragment
 * (RFC 6749 §3.1) and no credentials in the URL.
 */
function normalizeEndpoints(input: AuthorizationServerInput['endpoints'], at: string): ExternalEndpoints {
  if (input === undefined || input === null) {
    return NO_EXTERNAL_ENDPOINTS;
  }
  if (typeof input !== 'object' || Array.isArray(input)) throw new InvalidConfigurationError(at, 'must be an object');
  const authorization = optionalEndpointUrl(input.authorization, field(at, 'authorization'));
  const endSession = optionalEndpointUrl(input.endSession, field(at, 'endSession'));
  const userinfo = optionalEndpointUrl(input.userinfo, field(at, 'userinfo'));
  const responseTypesAt = field(at, 'responseTypes');
  const responseTypes = requireStringList(input.responseTypes, responseTypesAt, { optional: true });
  responseTypes.forEach((type, index) => {
    if (!(EXTERNAL_RESPONSE_TYPES as readonly string[]).includes(type)) {
      throw new InvalidConfigurationError(
        `${responseTypesAt}[${index}]`,
        `must be one of ${EXTERNAL_RESPONSE_TYPES.join(', ')}: a code could not be redeemed, as the token endpoint does not accept authorization_code`,
      );
    }
  });
  if (responseTypes.length > 0 && authorization === null) {
    throw new InvalidConfigurationError(responseTypesAt, 'needs endpoints.authorization, the endpoint that serves them');
  }
  if (authorization === null && endSession === null && userinfo === null) return NO_EXTERNAL_ENDPOINTS;
  return { authorization, endSession, userinfo, responseTypes };
}

function optionalEndpointUrl(value: unknown, at: string): string | null {
  if (value === undefined || value === null) return null;
  const reason = 'must be an absolute https URL (http only for a loopback host) without fragment or credentials';
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH || !URL.canParse(value)) {
    throw new InvalidConfigurationError(at, reason);
  }
  const url = new URL(value);
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  if (!secure || value.includes('#') || url.username !== '' || url.password !== '') {
    throw new InvalidConfigurationError(at, reason);
  }
  return value;
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function normalizeAccessTokenClaims(input: AuthorizationServerInput['accessTokenClaims'], at: string): AccessTokenClaimSettings {
  if (input === undefined || input === null) return DEFAULT_ACCESS_TOKEN_CLAIMS;
  if (typeof input !== 'object' || Array.isArray(input)) throw new InvalidConfigurationError(at, 'must be an object');
  if (input.okta === undefined || input.okta === true) return DEFAULT_ACCESS_TOKEN_CLAIMS;
  if (typeof input.okta !== 'boolean') throw new InvalidConfigurationError(field(at, 'okta'), 'must be true or false');
  return { okta: false };
}

/**
 * Validates a submitted policy and fills defaults. Client ids other than `ALL_CLIENTS` must be
 * in `knownClientIds`, which the caller read from the client streams. `recordedIds`: policy ids
 * already in the log ({@link requireId}).
 */
export function normalizeAccessPolicy(
  input: AccessPolicyInput,
  knownClientIds: readonly string[],
  path = '',
  recordedIds: readonly string[] = [],
): AccessPolicy {
  if (input.type !== undefined && input.type !== 'OAUTH_AUTHORIZATION_POLICY') {
    throw new InvalidConfigurationError(field(path, 'type'), 'must be OAUTH_AUTHORIZATION_POLICY');
  }
  const at = field(path, 'conditions.clients.include');
  const clients = requireStringList(input.conditions?.clients?.include, at, { nonEmpty: true });
  if (clients.includes(ALL_CLIENTS)) {
    if (clients.length > 1) throw new InvalidConfigurationError(at, `${ALL_CLIENTS} cannot be combined with client ids`);
  } else {
    clients.forEach((clientId, index) => {
      if (!knownClientIds.includes(clientId)) {
        throw new InvalidConfigurationError(`${at}[${index}]`, `client '${clientId}' is not registered`);
      }
    });
  }
  return {
    id: requireId(input.id, field(path, 'id'), recordedIds),
    type: 'OAUTH_AUTHORIZATION_POLICY',
    name: requireName(input.name, field(path, 'name')),
    description: optionalString(input.description, field(path, 'description')),
    priority: requireIntegerInRange(input.priority, field(path, 'priority'), 1, Number.MAX_SAFE_INTEGER),
    status: input.status === undefined ? 'ACTIVE' : requireOneOf(input.status, field(path, 'status'), STATUSES),
    system: optionalBoolean(input.system, field(path, 'system')),
    conditions: { clients: { include: clients } },
  };
}

/**
 * Validates a submitted rule and fills defaults. Named scopes must be scopes of the server
 * (`serverScopes`), as Okta refuses a rule naming a scope its server does not define.
 * `recordedIds`: rule ids already in the log ({@link requireId}).
 */
export function normalizePolicyRule(
  input: PolicyRuleDeclaration,
  policyId: string,
  serverScopes: readonly string[],
  path = '',
  recordedIds: readonly string[] = [],
): PolicyRule {
  if (input.type !== undefined && input.type !== 'RESOURCE_ACCESS') {
    throw new InvalidConfigurationError(field(path, 'type'), 'must be RESOURCE_ACCESS');
  }
  const conditions = input.conditions ?? ({} as Partial<PolicyRuleDeclaration['conditions']>);

  const grantsAt = field(path, 'conditions.grantTypes.include');
  const grantTypes = requireStringList(conditions.grantTypes?.include, grantsAt, { nonEmpty: true });
  grantTypes.forEach((grantType, index) => {
    if (!isKnownGrantType(grantType)) {
      throw new InvalidConfigurationError(`${grantsAt}[${index}]`, `unknown grant type; known: ${KNOWN_GRANT_TYPES.join(', ')}`);
    }
  });

  const scopesAt = field(path, 'conditions.scopes.include');
  const scopes = requireStringList(conditions.scopes?.include, scopesAt, { nonEmpty: true });
  if (scopes.includes(ANY_SCOPE)) {
    if (scopes.length > 1) throw new InvalidConfigurationError(scopesAt, `'${ANY_SCOPE}' cannot be combined with scope names`);
  } else {
    scopes.forEach((scope, index) => {
      if (!serverScopes.includes(scope)) {
        throw new InvalidConfigurationError(`${scopesAt}[${index}]`, `scope '${scope}' is not defined on the authorization server`);
      }
    });
  }

  const people = conditions.people;
  const peopleAt = field(path, 'conditions.people');
  const usersInclude = requireStringList(people?.users?.include, field(peopleAt, 'users.include'), { optional: true });
  const usersExclude = requireStringList(people?.users?.exclude, field(peopleAt, 'users.exclude'), { optional: true });
  // Okta's "any user assigned the app": an omitted people condition means EVERYONE.
  const groupsInclude =
    people === undefined
      ? [EVERYONE]
      : requireStringList(people.groups?.include, field(peopleAt, 'groups.include'), { optional: true });
  const groupsExclude = requireStringList(people?.groups?.exclude, field(peopleAt, 'groups.exclude'), { optional: true });
  if (groupsExclude.includes(EVERYONE)) {
    throw new InvalidConfigurationError(field(peopleAt, 'groups.exclude'), `${EVERYONE} cannot be excluded`);
  }

  return {
    id: requireId(input.id, field(path, 'id'), recordedIds),
    policyId,
    type: 'RESOURCE_ACCESS',
    name: requireName(input.name, field(path, 'name')),
    priority: requireIntegerInRange(input.priority, field(path, 'priority'), 1, Number.MAX_SAFE_INTEGER),
    status: input.status === undefined ? 'ACTIVE' : requireOneOf(input.status, field(path, 'status'), STATUSES),
    system: optionalBoolean(input.system, field(path, 'system')),
    conditions: {
      grantTypes: { include: grantTypes },
      scopes: { include: scopes },
      people: {
        users: { include: usersInclude, exclude: usersExclude },
        groups: { include: groupsInclude, exclude: groupsExclude },
      },
    },
    actions: { token: validateTokenActions(input.actions?.token, field(path, 'actions.token')) },
  };
}

/**
 * Okta's ranges: access 5..1440; refresh 0 (unlimited) or access..2,628,000; window
 * 10..2,628,000 and not above the refresh lifetime when that is set.
 */
export function validateTokenActions(token: Partial<TokenActions> | undefined, path = 'actions.token'): TokenActions {
  const limits = TOKEN_LIFETIME_LIMITS;
  const access = requireIntegerInRange(
    token?.accessTokenLifetimeMinutes,
    field(path, 'accessTokenLifetimeMinutes'),
    limits.accessTokenMinutes.min,
    limits.accessTokenMinutes.max,
  );
  const refreshAt = field(path, 'refreshTokenLifetimeMinutes');
  const refresh = requireIntegerInRange(token?.refreshTokenLifetimeMinutes, refreshAt, 0, limits.refreshTokenMinutes.max);
  if (refresh !== 0 && refresh < access) {
    throw new InvalidConfigurationError(
      refreshAt,
      `must be 0 (unlimited) or at least the access token lifetime (${access} minutes)`,
    );
  }
  const windowAt = field(path, 'refreshTokenWindowMinutes');
  const window = requireIntegerInRange(
    token?.refreshTokenWindowMinutes,
    windowAt,
    limits.refreshTokenWindowMinutes.min,
    limits.refreshTokenWindowMinutes.max,
  );
  if (refresh !== 0 && window > refresh) {
    throw new InvalidConfigurationError(windowAt, `must not exceed the refresh token lifetime (${refresh} minutes)`);
  }
  return { accessTokenLifetimeMinutes: access, refreshTokenLifetimeMinutes: refresh, refreshTokenWindowMinutes: window };
}

/** Whether two server settings are the same configuration (scope order carries no meaning). */
export function sameServerSettings(a: AuthorizationServerSettings, b: AuthorizationServerSettings): boolean {
  return structurallyEqual(comparableServer(a), comparableServer(b));
}

/** Whether two policies are the same apart from `status` (which has its own events). */
export function samePolicyIgnoringStatus(a: AccessPolicy, b: AccessPolicy): boolean {
  return structurallyEqual(comparablePolicy(a), comparablePolicy(b));
}

/** Whether two rules are the same apart from `status` (which has its own events). */
export function sameRuleIgnoringStatus(a: PolicyRule, b: PolicyRule): boolean {
  return structurallyEqual(comparableRule(a), comparableRule(b));
}

/** Only the Okta fields take part: stored extras (sequence, timestamps) are not configuration. */
function comparableServer(s: AuthorizationServerSettings): unknown {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    audiences: s.audiences,
    issuerMode: s.issuerMode,
    issuer: s.issuer,
    scopes: asSet(s.scopes),
    status: s.status,
    endpoints: comparableEndpoints(s.endpoints ?? NO_EXTERNAL_ENDPOINTS),
    accessTokenClaims: s.accessTokenClaims ?? DEFAULT_ACCESS_TOKEN_CLAIMS,
    signing: s.signing ?? null,
  };
}

function comparableEndpoints(e: ExternalEndpoints): unknown {
  return { ...e, responseTypes: asSet(e.responseTypes) };
}

function comparablePolicy(p: AccessPolicy): unknown {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    priority: p.priority,
    system: p.system,
    clients: asSet(p.conditions.clients.include),
  };
}

function comparableRule(r: PolicyRule): unknown {
  const { people } = r.conditions;
  return {
    id: r.id,
    policyId: r.policyId,
    name: r.name,
    priority: r.priority,
    system: r.system,
    grantTypes: asSet(r.conditions.grantTypes.include),
    scopes: asSet(r.conditions.scopes.include),
    usersInclude: asSet(people.users.include),
    usersExclude: asSet(people.users.exclude),
    groupsInclude: asSet(people.groups.include),
    groupsExclude: asSet(people.groups.exclude),
    token: {
      access: r.actions.token.accessTokenLifetimeMinutes,
      refresh: r.actions.token.refreshTokenLifetimeMinutes,
      window: r.actions.token.refreshTokenWindowMinutes,
    },
  };
}

function normalizeIssuer(mode: IssuerMode, issuer: unknown, at: string): string | null {
  if (mode !== 'CUSTOM_URL') {
    if (issuer !== undefined && issuer !== null) {
      throw new InvalidConfigurationError(at, 'may only be set when issuerMode is CUSTOM_URL');
    }
    return null;
  }
  if (typeof issuer !== 'string' || !isIssuerUrl(issuer)) {
    throw new InvalidConfigurationError(at, 'must be an absolute http(s) URL without query or fragment (RFC 8414 §2)');
  }
  return issuer;
}

function isIssuerUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  const httpScheme = url.protocol === 'https:' || url.protocol === 'http:';
  return httpScheme && !value.includes('?') && !value.includes('#');
}

function optionalString(value: unknown, at: string): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new InvalidConfigurationError(at, 'must be a string');
  return value;
}

function optionalBoolean(value: unknown, at: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new InvalidConfigurationError(at, 'must be true or false');
  return value;
}
