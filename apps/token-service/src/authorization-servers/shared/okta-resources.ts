import { Inject, Injectable } from '@nestjs/common';
import type {
  AccessTokenClaimSettings,
  ExternalEndpoints,
  PeopleCondition,
  StoredAccessPolicy,
  StoredAuthorizationServer,
  StoredPolicyRule,
  TokenActions,
} from '@ledger/domain';
import { authorizationServerIssuer, LEGACY_SIGNING_SETTINGS, nextSigningKeyRotation } from '@ledger/domain';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { SigningKeysService } from '../../signing-keys/signing-keys.service';

/** One entry of Okta's `_links`: where, and which methods it allows. */
export interface OktaLink {
  readonly href: string;
  readonly name?: string;
  readonly hints: { readonly allow: readonly string[] };
}

/** An authorization server in Okta's JSON (plus `scopes`, which Okta keeps in a sub-resource). */
export interface OktaAuthorizationServer {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly audiences: readonly string[];
  /** Resolved: `<LEDGER_ISSUER_BASE_URL>/oauth2/<id>` unless `issuerMode` is `CUSTOM_URL`. */
  readonly issuer: string;
  readonly issuerMode: string;
  readonly scopes: readonly string[];
  readonly status: string;
  /** Not Okta's: the external login service's endpoints that discovery advertises. */
  readonly endpoints: ExternalEndpoints;
  /** Not Okta's (Okta always adds its claims): whether access tokens carry `ver`, `cid`, `uid`, `scp`. */
  readonly accessTokenClaims: AccessTokenClaimSettings;
  readonly created: string;
  readonly lastUpdated: string;
  /**
   * Okta's `credentials.signing` (`kid`, `lastRotated`, `nextRotation` read-only, from the key
   * stream as last read by this replica) plus our `algorithm` and `rotationPeriodDays`.
   */
  readonly credentials: {
    readonly signing: {
      readonly rotationMode: string;
      readonly use: 'sig';
      readonly algorithm: string;
      readonly rotationPeriodDays: number;
      readonly kid?: string;
      readonly lastRotated?: string;
      readonly nextRotation?: string;
    };
  };
  readonly _links: Record<string, OktaLink | readonly OktaLink[]>;
}

/** An access policy in Okta's `OAUTH_AUTHORIZATION_POLICY` JSON. */
export interface OktaAccessPolicy {
  readonly id: string;
  readonly type: 'OAUTH_AUTHORIZATION_POLICY';
  readonly name: string;
  readonly description: string;
  readonly priority: number;
  readonly status: string;
  readonly system: boolean;
  readonly conditions: { readonly clients: { readonly include: readonly string[] } };
  readonly created: string;
  readonly lastUpdated: string;
  readonly _links: Record<string, OktaLink>;
}

/** A policy rule in Okta's `RESOURCE_ACCESS` JSON. */
export interface OktaPolicyRule {
  readonly id: string;
  readonly type: 'RESOURCE_ACCESS';
  readonly name: string;
  readonly priority: number;
  readonly status: string;
  readonly system: boolean;
  readonly conditions: {
    readonly people: PeopleCondition;
    readonly grantTypes: { readonly include: readonly string[] };
    readonly scopes: { readonly include: readonly string[] };
  };
  readonly actions: { readonly token: TokenActions };
  readonly created: string;
  readonly lastUpdated: string;
  readonly _links: Record<string, OktaLink>;
}

/** A resource with the revision of the stream it was read from (its `ETag`). */
export interface Versioned<T> {
  readonly resource: T;
  readonly revision: bigint;
}

/**
 * Renders stored configuration as Okta's management JSON: ISO timestamps, the resolved issuer,
 * and `_links` under the public base URL (`LEDGER_ISSUER_BASE_URL`).
 */
@Injectable()
export class OktaResourceMapper {
  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly keys: SigningKeysService,
  ) {}

  /** `<base>/api/v1/authorizationServers/<id>`: the server's own URL (and `Location` on create). */
  serverHref(authorizationServerId: string): string {
    return `${this.config.issuerBaseUrl}/api/v1/authorizationServers/${encodeURIComponent(authorizationServerId)}`;
  }

  /** The URL of a policy. */
  policyHref(authorizationServerId: string, policyId: string): string {
    return `${this.serverHref(authorizationServerId)}/policies/${encodeURIComponent(policyId)}`;
  }

  /** The URL of a rule. */
  ruleHref(authorizationServerId: string, policyId: string, ruleId: string): string {
    return `${this.policyHref(authorizationServerId, policyId)}/rules/${encodeURIComponent(ruleId)}`;
  }

  /** The issuer tokens of this server carry, resolved as the token endpoints resolve it. */
  issuerOf(server: StoredAuthorizationServer): string {
    return authorizationServerIssuer(server, this.config.issuerBaseUrl);
  }

  private signingOf(server: StoredAuthorizationServer): OktaAuthorizationServer['credentials']['signing'] {
    const signing = server.signing ?? LEGACY_SIGNING_SETTINGS;
    const state = this.keys.cachedState(server.id);
    const active = state?.keys.find((key) => key.kid === state.activeKid);
    const next = state ? nextSigningKeyRotation(state, signing) : null;
    return {
      rotationMode: signing.rotationMode,
      use: 'sig',
      algorithm: signing.algorithm,
      rotationPeriodDays: signing.rotationPeriodDays,
      ...(active ? { kid: active.kid, lastRotated: iso(active.activatedAt ?? active.createdAt) } : {}),
      ...(next !== null ? { nextRotation: iso(next) } : {}),
    };
  }

  /** A server in Okta's shape. */
  server(server: StoredAuthorizationServer): OktaAuthorizationServer {
    const self = this.serverHref(server.id);
    const issuer = this.issuerOf(server);
    const lifecycle = server.status === 'ACTIVE' ? 'deactivate' : 'activate';
    return {
      id: server.id,
      name: server.name,
      description: server.description,
      audiences: [...server.audiences],
      issuer,
      issuerMode: server.issuerMode,
      scopes: [...server.scopes],
      status: server.status,
      endpoints: { ...server.endpoints, responseTypes: [...server.endpoints.responseTypes] },
      accessTokenClaims: { ...server.accessTokenClaims },
      created: iso(server.created),
      lastUpdated: iso(server.lastUpdated),
      credentials: { signing: this.signingOf(server) },
      _links: {
        self: link(self, 'GET', 'PUT', 'DELETE'),
        policies: link(`${self}/policies`, 'GET', 'POST'),
        keys: link(`${self}/credentials/keys`, 'GET'),
        metadata: [
          { name: 'oauth-authorization-server', ...link(`${issuer}/.well-known/oauth-authorization-server`, 'GET') },
          { name: 'openid-configuration', ...link(`${issuer}/.well-known/openid-configuration`, 'GET') },
        ],
        [lifecycle]: link(`${self}/lifecycle/${lifecycle}`, 'POST'),
      },
    };
  }

  /** A policy in Okta's shape. */
  policy(authorizationServerId: string, policy: StoredAccessPolicy): OktaAccessPolicy {
    const self = this.policyHref(authorizationServerId, policy.id);
    const lifecycle = policy.status === 'ACTIVE' ? 'deactivate' : 'activate';
    return {
      id: policy.id,
      type: policy.type,
      name: policy.name,
      description: policy.description,
      priority: policy.priority,
      status: policy.status,
      system: policy.system,
      conditions: { clients: { include: [...policy.conditions.clients.include] } },
      created: iso(policy.created),
      lastUpdated: iso(policy.lastUpdated),
      _links: {
        self: link(self, 'GET', 'PUT', 'DELETE'),
        rules: link(`${self}/rules`, 'GET', 'POST'),
        [lifecycle]: link(`${self}/lifecycle/${lifecycle}`, 'POST'),
      },
    };
  }

  /** A rule in Okta's shape. */
  rule(authorizationServerId: string, rule: StoredPolicyRule): OktaPolicyRule {
    const self = this.ruleHref(authorizationServerId, rule.policyId, rule.id);
    const lifecycle = rule.status === 'ACTIVE' ? 'deactivate' : 'activate';
    const { people, grantTypes, scopes } = rule.conditions;
    return {
      id: rule.id,
      type: rule.type,
      name: rule.name,
      priority: rule.priority,
      status: rule.status,
      system: rule.system,
      conditions: {
        people: {
          users: { include: [...people.users.include], exclude: [...people.users.exclude] },
          groups: { include: [...people.groups.include], exclude: [...people.groups.exclude] },
        },
        grantTypes: { include: [...grantTypes.include] },
        scopes: { include: [...scopes.include] },
      },
      actions: { token: { ...rule.actions.token } },
      created: iso(rule.created),
      lastUpdated: iso(rule.lastUpdated),
      _links: {
        self: link(self, 'GET', 'PUT', 'DELETE'),
        [lifecycle]: link(`${self}/lifecycle/${lifecycle}`, 'POST'),
      },
    };
  }
}

function link(href: string, ...allow: string[]): OktaLink {
  return { href, hints: { allow } };
}

function iso(epochMillis: number): string {
  return new Date(epochMillis).toISOString();
}
