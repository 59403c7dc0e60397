import type { RouteOptions } from 'fastify';
import { startLedger, type TestLedger } from '../support/ledger-harness';
import { fetchOpenApiDocument, operationsOf, type OpenApiDocument } from './openapi-operations';

/**
 * Routes the router has that the document leaves out on purpose, each with why. Everything
 * else Fastify registers must be a documented operation.
 */
const UNDOCUMENTED_ROUTES: readonly { readonly pattern: RegExp; readonly reason: string }[] = [
  {
    pattern: /^(GET|HEAD) \/console(\/.*)?$/,
    reason: 'the console: static HTML, scripts and styles for a browser, and the API reference page that renders this document',
  },
];

/** What a path parameter is filled with when the test calls an operation: harmless values. */
const PARAM_VALUES: Record<string, string> = { as: 'default' };
const ANY_PARAM = 'openapi-coverage-probe';

interface Route {
  readonly method: string;
  readonly url: string;
}

/** `/a/:b/c` as OpenAPI writes it, `/a/{b}/c`. */
function toOpenApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * Left out on purpose: listed above, or the HEAD twin Fastify adds to every GET route
 * (`exposeHeadRoutes`), which OpenAPI leaves implied. CORS preflights are answered by a hook
 * (trusted-origins/cors), not by OPTIONS routes.
 */
function undocumentedOnPurpose(key: string, registered: ReadonlySet<string>): boolean {
  if (key.startsWith('HEAD ') && registered.has(`GET ${key.slice('HEAD '.length)}`)) return true;
  return UNDOCUMENTED_ROUTES.some(({ pattern }) => pattern.test(key));
}

/**
 * Whether an answer is the router's own "no such route" (no handler ran), in either format:
 * the OAuth side's `{error: not_found, error_description: "Not found."}` (reason
 * route_not_found), the management side's Okta E0000007 naming the path as a `Resource`. A
 * handler's own 404 (an unknown id) names the resource type instead.
 */
function isRouteNotFound(status: number, body: Record<string, unknown>): boolean {
  if (status !== 404) return false;
  if (body.error === 'not_found' && body.error_description === 'Not found.') return true;
  return body.errorCode === 'E0000007' && typeof body.errorSummary === 'string' && body.errorSummary.endsWith('(Resource)');
}

/** Calls a route as documented (method, path with parameters filled), with no credential. */
async function probe(baseUrl: string, method: string, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(PARAM_VALUES[name] ?? ANY_PARAM));
  const response = await fetch(`${baseUrl}${url}`, { method, redirect: 'manual' });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON (metrics, the document itself): not the router's error shape either.
  }
  return { status: response.status, body };
}

/**
 * The document and the running app agree: every route Fastify registers is a documented
 * operation (but the few listed above), every documented operation is a registered route, and
 * calling it with its documented method reaches a handler rather than the router's 404 or 405.
 */
describe('OpenAPI route coverage', () => {
  let ledger: TestLedger;
  let routes: Route[] = [];
  let document: OpenApiDocument;
  beforeAll(async () => {
    ledger = await startLedger({
      beforeListen: (app) => {
        const registered: Route[] = (routes = []);
        app.getHttpAdapter().getInstance().addHook('onRoute', (route: RouteOptions) => {
          for (const method of [route.method].flat()) registered.push({ method: String(method).toUpperCase(), url: route.url });
        });
      },
    });
    document = await fetchOpenApiDocument(ledger.baseUrl);
  });
  afterAll(async () => {
    await ledger?.close();
  });

  const registeredKeys = () => new Set(routes.map(({ method, url }) => `${method} ${toOpenApiPath(url)}`));
  const documentedKeys = () => new Set(operationsOf(document).map(({ method, path }) => `${method} ${path}`));

  it('sees the routes the app registers', () => {
    expect(registeredKeys()).toContain('POST /oauth2/{as}/v1/token');
    expect(registeredKeys()).toContain('GET /openapi.json');
  });

  it('documents every route the app registers', () => {
    const registered = registeredKeys();
    const undocumented = [...registered].filter((key) => !undocumentedOnPurpose(key, registered) && !documentedKeys().has(key)).sort();
    if (undocumented.length > 0) {
      throw new Error(
        `${undocumented.length} route(s) exist without an operation in /openapi.json; decorate their controllers with @nestjs/swagger ` +
          `(docs/openapi.md), then run \`npm run openapi\`:\n  ${undocumented.join('\n  ')}`,
      );
    }
  });

  it('documents no operation the app does not register', () => {
    const missing = [...documentedKeys()].filter((key) => !registeredKeys().has(key)).sort();
    if (missing.length > 0) throw new Error(`${missing.length} documented operation(s) are no route of the app:\n  ${missing.join('\n  ')}`);
  });

  it('reaches a handler for every documented operation, called with its documented method', async () => {
    const unreachable: string[] = [];
    for (const { method, path } of operationsOf(document)) {
      const { status, body } = await probe(ledger.baseUrl, method, path);
      if (status === 405 || isRouteNotFound(status, body)) unreachable.push(`${method} ${path}: ${status} ${JSON.stringify(body)}`);
    }
    if (unreachable.length > 0) throw new Error(`${unreachable.length} documented operation(s) answer as no route:\n  ${unreachable.join('\n  ')}`);
  });

  it('tells the router\'s 404 and 405 from a handler\'s answer (the probe can fail)', async () => {
    for (const path of ['/oauth2/default/v1/nothing-here', '/api/v1/nothing-here']) {
      const { status, body } = await probe(ledger.baseUrl, 'GET', path);
      expect(isRouteNotFound(status, body)).toBe(true);
    }
    expect((await probe(ledger.baseUrl, 'GET', '/oauth2/{as}/v1/token')).status).toBe(405);
    // A handler's 404 for an unknown id is not the router's.
    const unknownServer = await probe(ledger.baseUrl, 'GET', '/oauth2/nope/v1/keys');
    expect(unknownServer.status).toBe(404);
    expect(isRouteNotFound(unknownServer.status, unknownServer.body)).toBe(false);
  });
});
