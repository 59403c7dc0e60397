import { KNOWN_GRANT_TYPES } from '../policy/grant-types';
import type { AuthorizationServerDeclaration } from './authorization-server.commands';
import { ALL_CLIENTS, ANY_SCOPE, EVERYONE } from './authorization-server.events';

/** Id of the authorization server that exists out of the box. */
export const DEFAULT_AUTHORIZATION_SERVER_ID = 'default';
/** Deterministic id of the seeded policy, so seeding twice finds it instead of adding another. */
export const DEFAULT_POLICY_ID = 'default-policy';
/** Deterministic id of the seeded rule. */
export const DEFAULT_RULE_ID = 'default-rule';

/**
 * The seeded `default` server with Okta's defaults: one policy for `ALL_CLIENTS` at priority 1
 * with one rule for any grant, any scope and `EVERYONE`, 60 min access tokens, unlimited
 * refresh tokens that expire after 7 days (10080 min) unused.
 *
 * Okta's own default rule lists four grants (authorization_code, client_credentials, implicit,
 * password); this one lists every grant type the ledger knows, `refresh_token` included, so a
 * refresh matches it whichever grant the caller evaluates a refresh under.
 *
 * Apply it only when the stream does not exist yet: applying it at every start would revert
 * an administrator's edits to the default server.
 */
export function defaultAuthorizationServerDeclaration(): AuthorizationServerDeclaration {
  return {
    id: DEFAULT_AUTHORIZATION_SERVER_ID,
    name: 'default',
    description: 'Default Authorization Server',
    audiences: ['api://default'],
    issuerMode: 'ORG_URL',
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    status: 'ACTIVE',
    policies: [
      {
        id: DEFAULT_POLICY_ID,
        type: 'OAUTH_AUTHORIZATION_POLICY',
        name: 'Default Policy',
        description: 'Default policy for all clients',
        priority: 1,
        status: 'ACTIVE',
        system: false,
        conditions: { clients: { include: [ALL_CLIENTS] } },
        rules: [
          {
            id: DEFAULT_RULE_ID,
            type: 'RESOURCE_ACCESS',
            name: 'Default Policy Rule',
            priority: 1,
            status: 'ACTIVE',
            system: false,
            conditions: {
              grantTypes: { include: [...KNOWN_GRANT_TYPES] },
              scopes: { include: [ANY_SCOPE] },
              people: {
                users: { include: [], exclude: [] },
                groups: { include: [EVERYONE], exclude: [] },
              },
            },
            actions: {
              token: {
                accessTokenLifetimeMinutes: 60,
                refreshTokenLifetimeMinutes: 0,
                refreshTokenWindowMinutes: 10080,
              },
            },
          },
        ],
      },
    ],
  };
}
