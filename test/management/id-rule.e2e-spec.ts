import {
  authorizationServerDecider,
  authorizationServerStreamName,
  clientDecider,
  clientStreamName,
  type AuthorizationServerEvent,
  type ClientEvent,
} from '@ledger/domain';
import { CommandLoop, fullFoldLoader, type Decider } from '@ledger/event-sourcing';
import { hashClientSecret } from '@ledger/token-crypto';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { eventCount } from '../support/family-events';
import { basic, postForm } from '../support/http';
import { ADMIN_TOKEN, FIXED_START, startLedger, TEST_CLIENTS, testBootstrap, type TestLedger } from '../support/ledger-harness';
import { adminApi } from '../support/management-api';
import { issueFamily, refresh } from '../support/token-flows';

/**
 * One id rule for every user-chosen id (authorization server, policy, rule, client): ids become
 * stream names and URL path segments (and, before issue 16, key-directory names), so an id the rule refuses is refused
 * by the decider before anything is appended, and a server whose keys cannot be had at start is
 * reported and skipped instead of stopping the service (issue 15 item 2).
 */

const SERVERS = '/api/v1/authorizationServers';
const DEFAULT_RULES = `${SERVERS}/default/policies/default-policy/rules`;

/** Ids the rule refuses, each of which the previous rule (or the signing-key store) let through or choked on. */
const REFUSED_IDS: readonly (readonly [string, string])[] = [
  ['a dot (the signing-key store refuses it)', 'x.y'],
  ['a tilde', 'a~b'],
  ['a path', '../x'],
  ['nothing', ''],
  ['65 characters', 'a'.repeat(65)],
  ['non-ASCII letters', 'sérveur'],
  ['a NUL byte', 'a\u0000b'],
];

/** The body of each create call, with `id` as the id under test. */
const CREATE_CALLS = [
  { kind: 'authorization server', path: SERVERS, field: 'id', body: (id: string) => ({ id, name: 'refused', audiences: ['api://refused'] }) },
  {
    kind: 'policy',
    path: `${SERVERS}/default/policies`,
    field: 'id',
    body: (id: string) => ({ id, name: 'refused', priority: 9, conditions: { clients: { include: ['ALL_CLIENTS'] } } }),
  },
  {
    kind: 'rule',
    path: DEFAULT_RULES,
    field: 'id',
    body: (id: string) => ({
      id,
      name: 'refused',
      priority: 9,
      conditions: { grantTypes: { include: ['authorization_code'] }, scopes: { include: ['*'] } },
      actions: { token: { accessTokenLifetimeMinutes: 5, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10 } },
    }),
  },
  {
    kind: 'client',
    path: '/api/v1/clients',
    field: 'client_id',
    body: (id: string) => ({ client_id: id, client_name: 'refused', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] }),
  },
] as const;

/** Issues on `default` and refreshes: the ledger serves tokens. */
async function expectServes(ledger: TestLedger): Promise<void> {
  const issued = await issueFamily(ledger, TEST_CLIENTS.rotate30.id);
  expect((await refresh(ledger, TEST_CLIENTS.rotate30, issued.refresh_token!)).status).toBe(200);
}

/**
 * Appends events exactly as an older version's command loop did (chained metadata and all),
 * bypassing today's decider: how data written under the previous id rule looks in the log.
 */
async function appendAsAnOlderVersion<Event extends { type: string; data: unknown }, State>(
  ledger: TestLedger,
  streamName: string,
  decider: Decider<unknown, Event, State>,
  events: Event[],
): Promise<void> {
  await ledger.app.get(CommandLoop).run({
    streamName,
    decider: { ...decider, decide: () => events },
    load: fullFoldLoader(decider),
    command: null,
    commandId: randomUUID(),
    metadata: { actor: 'admin:older-version' },
  });
}

describe('the id rule: refused ids append nothing and never keep the ledger from starting', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startLedger();
  });

  afterAll(async () => {
    await ledger.close();
  });

  it.each(REFUSED_IDS)('refuses %s as every kind of id (400 E0000001 naming the field), appends nothing, and restarts', async (_case, id) => {
    const before = await eventCount(ledger);
    for (const call of CREATE_CALLS) {
      const refused = await adminApi(ledger, 'POST', call.path, call.body(id));
      expect({ kind: call.kind, status: refused.status, body: refused.body }).toEqual({
        kind: call.kind,
        status: 400,
        body: expect.objectContaining({
          errorCode: 'E0000001',
          errorSummary: `Api validation failed: ${call.field}`,
          errorCauses: [{ errorSummary: `${call.field}: must be 1 to 64 letters, digits, "_" or "-", starting with a letter or digit` }],
        }),
      });
    }
    expect(await eventCount(ledger)).toBe(before);

    await ledger.close();
    ledger = await startLedger({ dataDir: ledger.dataDir });
    await expectServes(ledger);
  });

  it('accepts an id at the limits of the rule, and the server gets its keys at once', async () => {
    const id = `A${'b_-9'.repeat(15)}xyz`;
    expect(id).toHaveLength(64);
    const created = await adminApi(ledger, 'POST', SERVERS, { id, name: 'longest', audiences: ['api://longest'] });
    expect(created.status).toBe(201);
    const jwks = (await (await fetch(`${ledger.baseUrl}/oauth2/${id}/v1/keys`)).json()) as { keys: unknown[] };
    expect(jwks.keys).toHaveLength(1);
  });
});

describe('a log written under the previous id rule', () => {
  const LEGACY_CLIENT = { id: 'com.example.app', secret: 'legacy-secret-0123456789abcdefghijklmnopq' };
  /** A server, policy and rule with dotted ids, as the previous rule took them. */
  const LEGACY_SERVER = `${SERVERS}/x.y`;
  const LEGACY_POLICY = `${LEGACY_SERVER}/policies/legacy.policy`;
  let ledger: TestLedger;

  beforeAll(async () => {
    const older = await startLedger();
    // The seeded `default` server, policy and rule recorded again with dotted ids, as a version
    // that took them would have: server `x.y`, policy `legacy.policy`, rule `legacy.rule`.
    const seeded = await older.store.readStream(authorizationServerStreamName('default'));
    const legacyServer = seeded.map(
      (event) =>
        JSON.parse(
          JSON.stringify({ type: event.type, data: event.data }).replace(/"default(?:-(policy|rule))?"/g, (_match, kind?: string) =>
            JSON.stringify(kind ? `legacy.${kind}` : 'x.y'),
          ),
        ) as AuthorizationServerEvent,
    );
    const legacyClient: ClientEvent = {
      type: 'ClientRegistered',
      data: {
        client: {
          clientId: LEGACY_CLIENT.id,
          clientName: 'legacy',
          tokenEndpointAuthMethod: 'client_secret_basic',
          grantTypes: ['client_credentials'],
          jwks: null,
          refreshToken: { rotationType: 'ROTATE', leeway: 30 },
          secretHash: hashClientSecret(LEGACY_CLIENT.secret),
          status: 'ACTIVE',
        },
        registeredAt: FIXED_START,
      },
    };
    await appendAsAnOlderVersion(older, authorizationServerStreamName('x.y'), authorizationServerDecider as Decider<unknown, AuthorizationServerEvent, unknown>, legacyServer);
    await appendAsAnOlderVersion(older, clientStreamName(LEGACY_CLIENT.id), clientDecider as Decider<unknown, ClientEvent, unknown>, [legacyClient]);
    await older.close();
    ledger = await startLedger({ dataDir: older.dataDir });
  });

  afterAll(async () => {
    await ledger?.close();
  });

  it('starts and gives the dotted server its signing keys too (they live in events now, not in a folder named after it), and serves the others', async () => {
    const logged = ledger.logs.parsed();
    expect(logged.filter((line) => line.authorizationServerId === 'x.y' && line.level === 'error')).toEqual([]);
    expect(logged.find((line) => line.msg === 'configuration ready')).not.toHaveProperty('authorizationServersWithoutSigningKeys');
    await expectServes(ledger);
    const onOther = await issueFamily(ledger, TEST_CLIENTS.rotate30.id, { as: 'other' });
    expect((await refresh(ledger, TEST_CLIENTS.rotate30, onOther.refresh_token!, {}, 'other')).status).toBe(200);
    const issued = await postForm(`${ledger.baseUrl}${LEGACY_SERVER}/tokens`, { client_id: TEST_CLIENTS.rotate30.id, sub: 'alice', scope: 'openid offline_access' }, {
      authorization: `Bearer ${ADMIN_TOKEN}`,
    });
    expect(issued.status).toBe(200);
  });

  it('keeps ids already in the log usable: the legacy client authenticates, and it and the legacy policy can be updated', async () => {
    const token = await postForm(`${ledger.baseUrl}/oauth2/default/v1/token`, { grant_type: 'client_credentials', scope: 'api:read' }, {
      authorization: basic(LEGACY_CLIENT.id, LEGACY_CLIENT.secret),
    });
    expect(token.status).toBe(200);

    const client = await adminApi(ledger, 'GET', `/api/v1/clients/${LEGACY_CLIENT.id}`);
    const renamed = await adminApi(ledger, 'PUT', `/api/v1/clients/${LEGACY_CLIENT.id}`, { ...client.body, client_name: 'legacy, renamed' });
    expect({ status: renamed.status, name: renamed.body.client_name }).toEqual({ status: 200, name: 'legacy, renamed' });

    const policy = await adminApi(ledger, 'GET', LEGACY_POLICY);
    const updated = await adminApi(ledger, 'PUT', LEGACY_POLICY, { ...policy.body, name: 'legacy, renamed' });
    expect({ status: updated.status, name: updated.body.name }).toEqual({ status: 200, name: 'legacy, renamed' });
  });

  it('refuses a new id of the same form', async () => {
    const refused = await adminApi(ledger, 'POST', '/api/v1/clients', { client_id: 'com.example.other', client_name: 'new', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] });
    expect({ status: refused.status, errorSummary: refused.body.errorSummary }).toEqual({ status: 400, errorSummary: 'Api validation failed: client_id' });
  });
});

describe('a bootstrap file declaring an id the rule refuses', () => {
  it('stops the start with an error naming the declared id, before appending anything; the corrected file then starts', async () => {
    const valid = testBootstrap() as { authorizationServers: Record<string, unknown>[]; clients: Record<string, unknown>[] };
    const refused = {
      ...valid,
      clients: [...valid.clients, { client_id: 'early-client', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] }],
      authorizationServers: [...valid.authorizationServers, { ...valid.authorizationServers[0], id: 'corp.default' }],
    };
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-ids-'));

    await expect(startLedger({ dataDir, bootstrap: refused })).rejects.toThrow(
      /authorizationServers\[2\]\.id: must be 1 to 64 letters, digits, "_" or "-", starting with a letter or digit/,
    );
    const dottedClient = { client_id: 'com.example.app', token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] };
    await expect(startLedger({ dataDir, bootstrap: { ...valid, clients: [...valid.clients, dottedClient] } })).rejects.toThrow(
      `clients[${valid.clients.length}].client_id: must be 1 to 64`,
    );

    const restarted = await startLedger({ dataDir, bootstrap: valid });
    try {
      const streams = new Set((await restarted.allEvents()).map((event) => event.streamName));
      expect(streams.has(authorizationServerStreamName('corp.default'))).toBe(false);
      expect(streams.has(clientStreamName('early-client'))).toBe(false);
      expect(streams.has(clientStreamName('com.example.app'))).toBe(false);
      await expectServes(restarted);
    } finally {
      await restarted.close();
    }
  });
});
