import { chromium } from 'playwright-core';
import { startLedger, type TestLedger } from '../support/ledger-harness';
import { fetchOpenApiDocument, operationsOf } from './openapi-operations';

/** Every URL an HTML page loads: src and href attributes. */
function loadedUrls(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map(([, url]) => url);
}

/** The rendered API reference under the console: Swagger UI on /openapi.json, served offline. */
describe('GET /console/api', () => {
  let ledger: TestLedger;
  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('serves an HTML page that loads only this service\'s own assets, each of which answers', async () => {
    const response = await fetch(`${ledger.baseUrl}/console/api`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    const urls = loadedUrls(html);
    expect(urls).toEqual(expect.arrayContaining(['/console/api/swagger-ui.css', '/console/api/swagger-ui-bundle.js', '/console/api/reference.js']));
    expect(html).not.toMatch(/https?:\/\//);
    for (const url of urls) {
      expect(url).toMatch(/^\/console\/api\/[a-z0-9.-]+$/);
      const asset = await fetch(`${ledger.baseUrl}${url}`);
      expect({ url, status: asset.status }).toEqual({ url, status: 200 });
      await asset.arrayBuffer();
    }
  });

  it('points Swagger UI at /openapi.json with the online validator off', async () => {
    const script = await (await fetch(`${ledger.baseUrl}/console/api/reference.js`)).text();
    expect(script).toContain("url: '/openapi.json'");
    expect(script).toContain('validatorUrl: null');
  });

  it('serves none of swagger-ui-dist\'s other files (its sample page points at the internet)', async () => {
    const files = ['index.html', 'swagger-initializer.js', 'oauth2-redirect.html', 'swagger-ui-bundle.js.map'];
    const statuses = await Promise.all(files.map(async (file) => [file, (await fetch(`${ledger.baseUrl}/console/api/${file}`)).status]));
    expect(statuses).toEqual(files.map((file) => [file, 404]));
  });

  it('renders every operation in Debian\'s Chromium with no request off the service and no console error', async () => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const elsewhere: string[] = [];
      const problems: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(`${ledger.baseUrl}/`)) elsewhere.push(request.url());
      });
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      await page.goto(`${ledger.baseUrl}/console/api`);
      const operations = operationsOf(await fetchOpenApiDocument(ledger.baseUrl)).length;
      // Rendered once the last one is: Swagger UI draws them all from the one document.
      await page.locator('.opblock').nth(operations - 1).waitFor();
      expect(await page.locator('.opblock').count()).toBe(operations);
      expect({ elsewhere, problems }).toEqual({ elsewhere: [], problems: [] });
    } finally {
      await browser.close();
    }
  });
});
