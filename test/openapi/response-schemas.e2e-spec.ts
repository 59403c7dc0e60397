import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ADMIN_TOKEN, AUDITOR_TOKEN, startLedger, SteppableClock, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { basic } from '../support/http';
import { introspect, issueFamily, refresh } from '../support/token-flows';
import { fetchOpenApiDocument, type OpenApiDocument } from './openapi-operations';

/**
 * A copy of the document in which every object schema that lists its properties allows no
 * other: a field the service answers and the document does not describe fails validation.
 */
function closedSchemas<T>(value: T): T {
  if (Array.isArray(value)) return value.map(closedSchemas) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy = Object.fromEntries(Object.entries(value).map(([key, member]) => [key, closedSchemas(member)])) as Record<string, unknown>;
  if (copy.properties !== undefined && typeof copy.properties === 'object' && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy as T;
}

/** JSON-pointer escaping of one path segment (RFC 6901). */
const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Real answers of the running service match the response schemas the document gives them, with
 * no undocumented field: what the console's typed client is generated from is what it gets.
 */
describe('documented response schemas', () => {
  let ledger: TestLedger;
  let ajv: Ajv2020;
  let document: OpenApiDocument;
  const checked = new Set<string>();

  beforeAll(async () => {
    ledger = await startLedger();
    document = await fetchOpenApiDocument(ledger.baseUrl);
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(closedSchemas(document) as object, 'openapi');
  });
  afterAll(async () => {
    await ledger?.close();
  });

  /** Calls a route and validates its JSON answer against the schema documented for its status. */
  async function expectDocumented(method: string, path: string, url: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<any> {
    const response = await fetch(`${ledger.baseUrl}${url}`, { method, headers: { accept: 'application/json', ...init.headers }, body: init.body });
    const text = await response.text();
    const status = String(response.status);
    const where = `${method} ${path} → ${status}`;
    const operation = (document.paths[path]?.[method.toLowerCase()] ?? {}) as { responses?: Record<string, { content?: Record<string, unknown> }> };
    const content = operation.responses?.[status]?.content;
    if (!content?.['application/json']) throw new Error(`${where}: no application/json response documented for this status: ${text.slice(0, 300)}`);
    const validate = ajv.compile({ $ref: `openapi#/paths/${pointer(path)}/${method.toLowerCase()}/responses/${status}/content/${pointer('application/json')}/schema` });
    const body = JSON.parse(text);
    if (!validate(body)) throw new Error(`${where}: the answer does not match its documented schema: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 1000)}`);
    checked.add(`${method} ${path}`);
    return body;
  }

  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const FORM = 'application/x-www-form-urlencoded';
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const auditor = { authorization: `Bearer ${AUDITOR_TOKEN}` };
  const client = TEST_CLIENTS.rotate30;

  it('the OAuth endpoints, discovery and keys', async () => {
    await expectDocumented('POST', '/api/v1/authorizationServers/{as}/tokens', '/api/v1/authorizationServers/default/tokens', {
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: client.id, sub: 'schema@example.com', scope: 'openid offline_access', groups: ['staff'] }),
    });
    const family = await issueFamily(ledger, client.id, { sub: 'schema@example.com' });
    const refreshed = await expectDocumented('POST', '/oauth2/{as}/v1/token', '/oauth2/default/v1/token', {
      headers: { authorization: basic(client.id, client.secret), 'content-type': FORM },
      body: form({ grant_type: 'refresh_token', refresh_token: family.refresh_token! }),
    });
    for (const token of [refreshed.access_token, family.refresh_token!]) {
      await expectDocumented('POST', '/oauth2/{as}/v1/introspect', '/oauth2/default/v1/introspect', {
        headers: { authorization: basic(client.id, client.secret), 'content-type': FORM },
        body: form({ token }),
      });
    }
    await expectDocumented('POST', '/oauth2/{as}/v1/token', '/oauth2/default/v1/token', {
      headers: { authorization: basic(client.id, client.secret), 'content-type': FORM },
      body: form({ grant_type: 'refresh_token', refresh_token: 'not-a-token' }),
    });
    await expectDocumented('GET', '/oauth2/{as}/.well-known/oauth-authorization-server', '/oauth2/default/.well-known/oauth-authorization-server');
    await expectDocumented('GET', '/.well-known/oauth-authorization-server/oauth2/{as}', '/.well-known/oauth-authorization-server/oauth2/default');
    await expectDocumented('GET', '/oauth2/{as}/.well-known/openid-configuration', '/oauth2/default/.well-known/openid-configuration');
    await expectDocumented('GET', '/oauth2/{as}/v1/keys', '/oauth2/default/v1/keys');
    await expectDocumented('GET', '/oauth2/{as}/v1/keys', '/oauth2/nope/v1/keys');
  });

  it('the audit API', async () => {
    const family = await issueFamily(ledger, client.id, { sub: 'audited@example.com' });
    const next = await refresh(ledger, client, family.refresh_token!);
    // A reuse of the rotated-out token, past the leeway: the family is revoked.
    (ledger.clock as SteppableClock).advance(60_000);
    await refresh(ledger, client, family.refresh_token!);
    expect((await introspect(ledger, client, next.body.refresh_token!)).body.active).toBe(false);

    const why = await expectDocumented('POST', '/api/v1/audit/tokens/why', '/api/v1/audit/tokens/why', {
      headers: { ...auditor, 'content-type': FORM },
      body: form({ token: family.refresh_token! }),
    });
    await expectDocumented('GET', '/api/v1/audit/tokens/why', `/api/v1/audit/tokens/why?token_id=${encodeURIComponent(why.tokenId)}`, { headers: auditor });
    const familyId = encodeURIComponent(why.familyId);
    const events = await expectDocumented('GET', '/api/v1/audit/families/{familyId}/events', `/api/v1/audit/families/${familyId}/events`, { headers: auditor });
    await expectDocumented('GET', '/api/v1/audit/families/{familyId}/state', `/api/v1/audit/families/${familyId}/state`, { headers: auditor });
    await expectDocumented('GET', '/api/v1/audit/families/{familyId}/state', `/api/v1/audit/families/${familyId}/state?at=2026-01-01T00:00:00.000Z`, { headers: auditor });
    await expectDocumented('GET', '/api/v1/audit/subjects/{sub}/families', '/api/v1/audit/subjects/audited%40example.com/families', { headers: auditor });
    await expectDocumented('POST', '/api/v1/audit/verify', '/api/v1/audit/verify', { headers: auditor });
    await expectDocumented('GET', '/api/v1/audit/sealing-keys', '/api/v1/audit/sealing-keys', { headers: auditor });
    const seal = await expectDocumented('GET', '/api/v1/audit/seals/latest', '/api/v1/audit/seals/latest', { headers: auditor });
    if (seal.treeSize >= 1) {
      await expectDocumented('GET', '/api/v1/audit/seals/consistency', `/api/v1/audit/seals/consistency?from=1&to=${seal.treeSize}`, { headers: auditor });
    }
    await expectDocumented('GET', '/api/v1/audit/events/{position}/proof', `/api/v1/audit/events/${events[0].position.commit}/proof`, { headers: auditor });
    await expectDocumented('GET', '/api/v1/audit/families/{familyId}/state', '/api/v1/audit/families/x/state?at=yesterday', { headers: auditor });
    await expectDocumented('POST', '/api/v1/audit/verify', '/api/v1/audit/verify');
  });

  it('the ops, signing-key, subject and health routes', async () => {
    await issueFamily(ledger, client.id, { sub: 'ops@example.com' });
    await expectDocumented('GET', '/api/v1/ops/families', '/api/v1/ops/families?limit=1', { headers: admin });
    await expectDocumented('GET', '/api/v1/ops/families/counts', '/api/v1/ops/families/counts', { headers: admin });
    const projections = await expectDocumented('GET', '/api/v1/ops/projections', '/api/v1/ops/projections?wait=true', { headers: admin });
    await expectDocumented('GET', '/api/v1/ops/projections/{name}', `/api/v1/ops/projections/${projections[0].name}`, { headers: admin });
    await expectDocumented('GET', '/api/v1/users/{sub}/tokens', '/api/v1/users/ops%40example.com/tokens', { headers: admin });
    await expectDocumented('GET', '/api/v1/authorizationServers/{as}/credentials/keys', '/api/v1/authorizationServers/default/credentials/keys', { headers: admin });
    await expectDocumented('POST', '/api/v1/authorizationServers/{as}/credentials/lifecycle/keyRotate', '/api/v1/authorizationServers/default/credentials/lifecycle/keyRotate', {
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ use: 'sig' }),
    });
    await expectDocumented('POST', '/api/v1/signing-keys/rewrap', '/api/v1/signing-keys/rewrap', { headers: admin });
    await expectDocumented('DELETE', '/api/v1/subjects/{sub}', '/api/v1/subjects/ops%40example.com', { headers: admin });
    await expectDocumented('GET', '/health/live', '/health/live');
    await expectDocumented('GET', '/health/ready', '/health/ready');
    await expectDocumented('GET', '/api/v1/ops/families/counts', '/api/v1/ops/families/counts');
  });

  it('checked an answer of every operation above', () => {
    expect(checked.size).toBeGreaterThanOrEqual(24);
  });
});
