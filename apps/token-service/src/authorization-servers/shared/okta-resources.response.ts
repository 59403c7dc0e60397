import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ID_PATTERN, KNOWN_GRANT_TYPES, SIGNING_ALGORITHMS, SIGNING_KEY_ROTATION_MODES } from '@ledger/domain';
import { pathParams } from './management-api.openapi';

/**
 * The OpenAPI schemas of what `OktaResourceMapper` answers (authorization servers, access
 * policies, policy rules in Okta's JSON), and the parts of them the request bodies share.
 * Documentation only: the interfaces in `okta-resources.ts` are what the code types against.
 */

/** `null` or a value, as OpenAPI 3.1 writes it. */
export const nullable = (schema: Record<string, unknown>) => ({ oneOf: [schema, { type: 'null' }] });

export const STATUS = ['ACTIVE', 'INACTIVE'];

/** What an id the caller chooses must look like (the decider's rule). */
export const CHOSEN_ID = { pattern: ID_PATTERN.source, maxLength: 64 };

export class OktaLinkHints {
  @ApiProperty({ type: [String], description: 'HTTP methods the link allows.', example: ['GET', 'PUT', 'DELETE'] })
  allow!: string[];
}

/** One entry of Okta's `_links` (servers, policies, rules, client secrets, trusted origins). */
export class OktaLinkResponse {
  @ApiProperty({ format: 'uri', description: 'Under the public base URL (`LEDGER_ISSUER_BASE_URL`).' })
  href!: string;

  @ApiProperty({ type: OktaLinkHints })
  hints!: OktaLinkHints;
}

/** A `metadata` link: the discovery documents, by name. */
export class OktaNamedLinkResponse extends OktaLinkResponse {
  @ApiProperty({ enum: ['oauth-authorization-server', 'openid-configuration'] })
  name!: string;
}

/** The lifecycle link: `activate` while INACTIVE, `deactivate` while ACTIVE (one of the two). */
export class LifecycleLinks {
  @ApiPropertyOptional({ type: OktaLinkResponse, description: 'Present while INACTIVE.' })
  activate?: OktaLinkResponse;

  @ApiPropertyOptional({ type: OktaLinkResponse, description: 'Present while ACTIVE.' })
  deactivate?: OktaLinkResponse;
}

export class AuthorizationServerLinks extends LifecycleLinks {
  @ApiProperty({ type: OktaLinkResponse })
  self!: OktaLinkResponse;

  @ApiProperty({ type: OktaLinkResponse })
  policies!: OktaLinkResponse;

  @ApiProperty({ type: OktaLinkResponse, description: 'The server JWKS.' })
  keys!: OktaLinkResponse;

  @ApiProperty({ type: [OktaNamedLinkResponse], description: 'RFC 8414 and OpenID discovery documents.' })
  metadata!: OktaNamedLinkResponse[];
}

export class AccessPolicyLinks extends LifecycleLinks {
  @ApiProperty({ type: OktaLinkResponse })
  self!: OktaLinkResponse;

  @ApiProperty({ type: OktaLinkResponse })
  rules!: OktaLinkResponse;
}

export class PolicyRuleLinks extends LifecycleLinks {
  @ApiProperty({ type: OktaLinkResponse })
  self!: OktaLinkResponse;
}

/** The login service's endpoints that discovery advertises (each only when set). */
export class ExternalEndpointsResponse {
  @ApiProperty({ ...nullable({ type: 'string', format: 'uri' }), description: '`authorization_endpoint` (RFC 6749 §3.1).' })
  authorization!: string | null;

  @ApiProperty({ ...nullable({ type: 'string', format: 'uri' }), description: '`end_session_endpoint` (OpenID Connect RP-Initiated Logout).' })
  endSession!: string | null;

  @ApiProperty({ ...nullable({ type: 'string', format: 'uri' }), description: '`userinfo_endpoint` (OpenID Connect Core §5.3).' })
  userinfo!: string | null;

  @ApiProperty({ type: [String], description: '`response_types_supported` while an authorization endpoint is set; never a type with `code`.', example: ['id_token'] })
  responseTypes!: string[];
}

export class AccessTokenClaimsResponse {
  @ApiProperty({ description: "Whether access tokens carry Okta's `ver`, `cid`, `uid` and `scp` claims.", example: true })
  okta!: boolean;
}

/** Okta's `credentials.signing`, plus this service's `algorithm` and `rotationPeriodDays`. */
export class SigningCredentialsResponse {
  @ApiProperty({ enum: SIGNING_KEY_ROTATION_MODES, description: '`AUTO`: rotated every `rotationPeriodDays`; `MANUAL`: only when asked.' })
  rotationMode!: string;

  @ApiProperty({ enum: ['sig'] })
  use!: 'sig';

  @ApiProperty({ enum: SIGNING_ALGORITHMS })
  algorithm!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 365, example: 90 })
  rotationPeriodDays!: number;

  @ApiPropertyOptional({ description: 'The active signing key, once one exists.' })
  kid?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  lastRotated?: string;

  @ApiPropertyOptional({ format: 'date-time', description: '`AUTO` only: when the next key takes over.' })
  nextRotation?: string;
}

export class ServerCredentialsResponse {
  @ApiProperty({ type: SigningCredentialsResponse })
  signing!: SigningCredentialsResponse;
}

/** An authorization server in Okta's JSON (plus `scopes`, `endpoints`, `accessTokenClaims`). */
export class AuthorizationServerResponse {
  @ApiProperty({ example: 'default' })
  id!: string;

  @ApiProperty({ example: 'default' })
  name!: string;

  @ApiProperty({ example: 'Default authorization server' })
  description!: string;

  @ApiProperty({ type: [String], example: ['api://default'] })
  audiences!: string[];

  @ApiProperty({ format: 'uri', description: '`<LEDGER_ISSUER_BASE_URL>/oauth2/<id>` unless `issuerMode` is `CUSTOM_URL`.', example: 'https://ledger.example.com/oauth2/default' })
  issuer!: string;

  @ApiProperty({ enum: ['ORG_URL', 'CUSTOM_URL', 'DYNAMIC'] })
  issuerMode!: string;

  @ApiProperty({ type: [String], description: 'Scope names the rules may grant.', example: ['openid', 'profile', 'offline_access'] })
  scopes!: string[];

  @ApiProperty({ enum: STATUS })
  status!: string;

  @ApiProperty({ type: ExternalEndpointsResponse })
  endpoints!: ExternalEndpointsResponse;

  @ApiProperty({ type: AccessTokenClaimsResponse })
  accessTokenClaims!: AccessTokenClaimsResponse;

  @ApiProperty({ format: 'date-time' })
  created!: string;

  @ApiProperty({ format: 'date-time' })
  lastUpdated!: string;

  @ApiProperty({ type: ServerCredentialsResponse })
  credentials!: ServerCredentialsResponse;

  @ApiProperty({ type: AuthorizationServerLinks })
  _links!: AuthorizationServerLinks;
}

/** `{ include: [...] }`. */
export class IncludeList {
  @ApiProperty({ type: [String] })
  include!: string[];
}

export class ClientsCondition {
  @ApiProperty({ type: IncludeList, description: '`["ALL_CLIENTS"]` or client ids.', example: { include: ['ALL_CLIENTS'] } })
  clients!: IncludeList;
}

/** An access policy in Okta's `OAUTH_AUTHORIZATION_POLICY` JSON. */
export class AccessPolicyResponse {
  @ApiProperty({ example: '00p1a2b3c4d5e6f7g8h9' })
  id!: string;

  @ApiProperty({ enum: ['OAUTH_AUTHORIZATION_POLICY'] })
  type!: 'OAUTH_AUTHORIZATION_POLICY';

  @ApiProperty({ example: 'Default policy' })
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: 'integer', description: '1 = evaluated first.', example: 1 })
  priority!: number;

  @ApiProperty({ enum: STATUS })
  status!: string;

  @ApiProperty()
  system!: boolean;

  @ApiProperty({ type: ClientsCondition })
  conditions!: ClientsCondition;

  @ApiProperty({ format: 'date-time' })
  created!: string;

  @ApiProperty({ format: 'date-time' })
  lastUpdated!: string;

  @ApiProperty({ type: AccessPolicyLinks })
  _links!: AccessPolicyLinks;
}

export class IncludeExcludeList {
  @ApiProperty({ type: [String] })
  include!: string[];

  @ApiProperty({ type: [String] })
  exclude!: string[];
}

export class PeopleConditionResponse {
  @ApiProperty({ type: IncludeExcludeList, description: 'Subjects (`sub`).' })
  users!: IncludeExcludeList;

  @ApiProperty({ type: IncludeExcludeList, description: 'Group names; `include` may hold `EVERYONE`.' })
  groups!: IncludeExcludeList;
}

export class GrantTypesCondition {
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...KNOWN_GRANT_TYPES] }, example: ['authorization_code', 'refresh_token'] })
  include!: string[];
}

export class ScopesCondition {
  @ApiProperty({ type: [String], description: 'Scope names, or `["*"]` for any.', example: ['*'] })
  include!: string[];
}

export class PolicyRuleConditionsResponse {
  @ApiProperty({ type: PeopleConditionResponse })
  people!: PeopleConditionResponse;

  @ApiProperty({ type: GrantTypesCondition })
  grantTypes!: GrantTypesCondition;

  @ApiProperty({ type: ScopesCondition })
  scopes!: ScopesCondition;
}

/** The token lifetimes a rule grants (Okta's `actions.token` and its ranges). */
export class TokenLifetimes {
  @ApiProperty({ type: 'integer', minimum: 5, maximum: 1440, example: 60 })
  accessTokenLifetimeMinutes!: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 2_628_000, description: '0 = unlimited, else from the access-token lifetime to 5 years.', example: 0 })
  refreshTokenLifetimeMinutes!: number;

  @ApiProperty({ type: 'integer', minimum: 10, maximum: 2_628_000, description: 'Idle window; not above the refresh lifetime when that is set.', example: 10080 })
  refreshTokenWindowMinutes!: number;
}

export class PolicyRuleActions {
  @ApiProperty({ type: TokenLifetimes })
  token!: TokenLifetimes;
}

/** A policy rule in Okta's `RESOURCE_ACCESS` JSON. */
export class PolicyRuleResponse {
  @ApiProperty({ example: '0pr1a2b3c4d5e6f7g8h9' })
  id!: string;

  @ApiProperty({ enum: ['RESOURCE_ACCESS'] })
  type!: 'RESOURCE_ACCESS';

  @ApiProperty({ example: 'Default rule' })
  name!: string;

  @ApiProperty({ type: 'integer', description: '1 = evaluated first within the policy.', example: 1 })
  priority!: number;

  @ApiProperty({ enum: STATUS })
  status!: string;

  @ApiProperty()
  system!: boolean;

  @ApiProperty({ type: PolicyRuleConditionsResponse })
  conditions!: PolicyRuleConditionsResponse;

  @ApiProperty({ type: PolicyRuleActions })
  actions!: PolicyRuleActions;

  @ApiProperty({ format: 'date-time' })
  created!: string;

  @ApiProperty({ format: 'date-time' })
  lastUpdated!: string;

  @ApiProperty({ type: PolicyRuleLinks })
  _links!: PolicyRuleLinks;
}

/** `{as}`, `{policyId}` and `{ruleId}` of an authorization-servers route. */
export const ApiServerParams = pathParams({
  as: 'The authorization server id.',
  policyId: 'The access policy id.',
  ruleId: 'The policy rule id.',
});
