import type { FamilyView } from '@ledger/read-model-sqlite';
import { iso } from '@ledger/audit';

/** One entry of Okta's `_links`. */
export interface UserTokenLink {
  readonly href: string;
  readonly title?: string;
  readonly hints?: { readonly allow: readonly string[] };
}

/**
 * A refresh token in Okta's `OAuth2RefreshToken` JSON. Its `id` is the family id: stable across
 * rotations, where the refresh token's own id (`<familyId>.<sequence>`) changes at each one.
 */
export interface OktaRefreshToken {
  readonly id: string;
  /** Okta's `ACTIVE` or `REVOKED`; `EXPIRED` once neither revoked nor usable any more (Okta drops those). */
  readonly status: 'ACTIVE' | 'REVOKED' | 'EXPIRED';
  readonly created: string;
  readonly lastUpdated: string;
  /** When the current refresh token stops working: the earlier of its idle and absolute expiries. */
  readonly expiresAt: string;
  readonly issuer: string;
  readonly clientId: string;
  /** The family's subject (`sub`). */
  readonly userId: string;
  readonly scopes: readonly string[];
  /** With `expand=scope` only. */
  readonly _embedded?: { readonly scopes: readonly { readonly name: string }[] };
  readonly _links: Record<string, UserTokenLink>;
}

/** A client the user holds refresh tokens of, in Okta's `OAuth2Client` JSON. */
export interface OktaUserClient {
  readonly client_id: string;
  readonly client_name: string;
  /** The ledger's clients have no home page or logo: always `null`. */
  readonly client_uri: null;
  readonly logo_uri: null;
  readonly _links: Record<string, UserTokenLink>;
}

/** What the wire shapes need besides the read-model row: names and URLs from the configuration. */
export interface UserTokenContext {
  /** The public base URL (`LEDGER_ISSUER_BASE_URL`) every `_links` href starts with. */
  readonly baseUrl: string;
  /** The issuer of tokens of an authorization server, as the token endpoints resolve it. */
  issuerOf(authorizationServerId: string): string;
  /** A client's name, or `undefined` for a client deleted since. */
  clientName(clientId: string): string | undefined;
  /** An authorization server's name, or `undefined` when deleted or inactive. */
  serverName(authorizationServerId: string): string | undefined;
}

/** `<base>/api/v1/users/{userId}/clients/{clientId}`, each segment percent-encoded. */
export function userClientHref(baseUrl: string, userId: string, clientId: string): string {
  return `${baseUrl}/api/v1/users/${encodeURIComponent(userId)}/clients/${encodeURIComponent(clientId)}`;
}

/**
 * When a family's refresh token stops working unless revoked first, or `null` when the family
 * never had one (no `offline_access`): not a refresh token at all.
 */
export function refreshTokenExpiresAt(family: Pick<FamilyView, 'idleExpiresAt' | 'refreshExpiresAt'>): number | null {
  if (family.idleExpiresAt === null) return null;
  return family.refreshExpiresAt === null ? family.idleExpiresAt : Math.min(family.refreshExpiresAt, family.idleExpiresAt);
}

/**
 * A family as Okta's refresh-token object. The status is the refresh token's, not the family's:
 * a family whose refresh token expired is `EXPIRED` even while its last access token still works.
 * `userId` is the subject the caller named (the row holds its pseudonym only).
 */
export function toOktaRefreshToken(family: FamilyView, userId: string, now: number, context: UserTokenContext, expandScope: boolean): OktaRefreshToken {
  const expiresAt = refreshTokenExpiresAt(family) ?? family.expiresAt;
  const status = family.revokedAt !== null ? 'REVOKED' : now >= expiresAt ? 'EXPIRED' : 'ACTIVE';
  const self = `${userClientHref(context.baseUrl, userId, family.clientId)}/tokens/${encodeURIComponent(family.familyId)}`;
  const clientHref = `${context.baseUrl}/api/v1/clients/${encodeURIComponent(family.clientId)}`;
  const clientName = context.clientName(family.clientId);
  const serverName = context.serverName(family.authorizationServerId);
  return {
    id: family.familyId,
    status,
    created: iso(family.issuedAt),
    lastUpdated: iso(family.revokedAt ?? family.lastRefreshedAt ?? family.issuedAt),
    expiresAt: iso(expiresAt),
    issuer: context.issuerOf(family.authorizationServerId),
    clientId: family.clientId,
    userId,
    scopes: [...family.scopes],
    ...(expandScope ? { _embedded: { scopes: family.scopes.map((name) => ({ name })) } } : {}),
    _links: {
      app: { href: clientHref, ...(clientName !== undefined ? { title: clientName } : {}) },
      self: { href: self, hints: { allow: ['GET', 'DELETE'] } },
      revoke: { href: self, hints: { allow: ['DELETE'] } },
      client: { href: clientHref, ...(clientName !== undefined ? { title: clientName } : {}) },
      // The ledger keeps no user directory; the subject's families listing stands for the user.
      user: { href: `${context.baseUrl}/api/v1/users/${encodeURIComponent(userId)}/tokens` },
      authorizationServer: {
        href: `${context.baseUrl}/api/v1/authorizationServers/${encodeURIComponent(family.authorizationServerId)}`,
        ...(serverName !== undefined ? { title: serverName } : {}),
      },
    },
  };
}

/** A client of the user as Okta's `OAuth2Client` (no `grants` link: the ledger keeps no consent grants). */
export function toOktaUserClient(userId: string, clientId: string, context: UserTokenContext): OktaUserClient {
  const clientHref = `${context.baseUrl}/api/v1/clients/${encodeURIComponent(clientId)}`;
  return {
    client_id: clientId,
    client_name: context.clientName(clientId) ?? clientId,
    client_uri: null,
    logo_uri: null,
    _links: {
      app: { href: clientHref },
      tokens: { href: `${userClientHref(context.baseUrl, userId, clientId)}/tokens`, hints: { allow: ['GET', 'DELETE'] } },
    },
  };
}
