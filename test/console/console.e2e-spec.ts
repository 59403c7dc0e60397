import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import { ADMIN_TOKEN, AUDITOR_TOKEN, SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { refresh } from '../support/token-flows';
import { latest, sealNow } from '../audit/seal-client';
import { seedConsoleLedger, type SeededLedger } from './console-seed';

const ROOT = path.join(__dirname, '..', '..');
const CONSOLE_DIST = path.join(ROOT, 'apps', 'console', 'dist');
/** Screenshots of every page, for people (git-ignored); two of them are copied into docs/images/. */
const SCREENSHOTS = path.join(ROOT, 'reports', 'console');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A response the test provokes on purpose (the role probe the other role refuses, a wrong credential). */
interface Expected {
  readonly path: string;
  readonly status: number;
}

/**
 * The console (apps/console) in Debian's Chromium, headless, driven by playwright-core against
 * the real service on 127.0.0.1 with data seeded through the real APIs. Any console error,
 * uncaught page error, failed request or unexpected 4xx/5xx fails the test it happens in.
 */
describe('the console in a real browser', () => {
  let ledger: TestLedger;
  let seeded: SeededLedger;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let expected: Expected[];
  let requestedUrls: string[];

  beforeAll(async () => {
    // `npm test` builds the console first; a bare `npx jest test/console` on a fresh clone builds it here.
    if (!fs.existsSync(path.join(CONSOLE_DIST, 'index.html'))) {
      execFileSync('npm', ['run', '-s', 'build:console'], { cwd: ROOT, stdio: 'ignore' });
    }
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const clock = new SteppableClock();
    ledger = await startLedger({ clock });
    seeded = await seedConsoleLedger(ledger, clock);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await ledger?.close();
  });

  beforeEach(async () => {
    problems = [];
    expected = [];
    requestedUrls = [];
    // A fresh context per test: its own storage, so no session carries over.
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    const isExpected = (url: string, status: number) => expected.some((e) => new URL(url).pathname === e.path && e.status === status);
    page.on('request', (request) => requestedUrls.push(request.url()));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`));
    page.on('response', (response) => {
      if (response.status() >= 400 && !isExpected(response.url(), response.status())) problems.push(`unexpected ${response.status()}: ${response.request().method()} ${response.url()}`);
    });
    page.on('console', (message) => {
      if (message.type() !== 'error' && message.type() !== 'warning') return;
      // Chromium reports every 4xx as "Failed to load resource": those the test provoked are not errors of the page.
      const failedLoad = /^Failed to load resource: the server responded with a status of (\d+)/.exec(message.text());
      if (failedLoad && isExpected(message.location().url, Number(failedLoad[1]))) return;
      problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
    });
  });

  afterEach(async () => {
    // Nothing the page requested carries a credential or a token.
    for (const secret of [AUDITOR_TOKEN, ADMIN_TOKEN, seeded.reused.replayedToken, seeded.active.accessToken]) {
      expect(requestedUrls.filter((url) => url.includes(secret) || url.includes(encodeURIComponent(secret)))).toEqual([]);
    }
    await context.close();
    expect(problems).toEqual([]);
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

  async function signIn(credential: string): Promise<void> {
    await page.goto(`${ledger.baseUrl}/console/`);
    await page.getByLabel('Credential').fill(credential);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function openPage(title: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: title }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  }

  it('is served at /console with its security headers, caching and client-side routes', async () => {
    const redirect = await fetch(`${ledger.baseUrl}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/console/');

    const index = await fetch(`${ledger.baseUrl}/console/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
    );
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await index.text();

    // A client-side route is the same page; a missing file of the build is not.
    const route = await fetch(`${ledger.baseUrl}/console/integrity`);
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(html);
    expect((await fetch(`${ledger.baseUrl}/console/assets/missing-0000.js`)).status).toBe(404);
    // /console/api belongs to the API reference, never to the app's fallback.
    expect(await (await fetch(`${ledger.baseUrl}/console/api`)).text()).not.toBe(html);
    expect((await fetch(`${ledger.baseUrl}/console/api/no-such-page`)).status).toBe(404);

    // Hashed assets are immutable; nothing the console loads comes from another origin.
    const assets = [...html.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const response = await fetch(`${ledger.baseUrl}${asset}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).not.toMatch(/(?:src|href|url)\s*[=(]\s*["']?(?:https?:)?\/\//i);
    }
    expect(html).not.toMatch(/(?:src|href)=["']?(?:https?:)?\/\//i);
    // The global hooks see the console's requests too: they are counted like any other route.
    expect(await (await fetch(`${ledger.baseUrl}/metrics`)).text()).toMatch(/ledger_http_request_duration_seconds_count\{method="GET",route="\/console\/\*",status_code="200"\}/);
  });

  it('answers 503 saying how to build it when the console was not built, and the service runs', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'console-unbuilt-'));
    const unbuilt = await startLedger({ env: { CONSOLE_DIR: empty } });
    try {
      const response = await fetch(`${unbuilt.baseUrl}/console/`);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await response.json()) as { detail: string }).detail).toContain('npm run build:console');
      expect((await fetch(`${unbuilt.baseUrl}/health/live`)).status).toBe(200);
    } finally {
      await unbuilt.close();
    }
  });

  it('a wrong credential shows the API error and signs nobody in', async () => {
    expected = [
      { path: '/api/v1/audit/sealing-keys', status: 401 },
      { path: '/api/v1/authorizationServers', status: 401 },
    ];
    await signIn('not-the-credential-0123456789');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/Invalid token provided.*401.*E0000011/);
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await shot('sign-in-refused');
  });

  it('auditor: looks up a token, reads its timeline with the reuse detection, scrubs the state, lists the subject, verifies the ledger', async () => {
    // The admin-only probe refuses the auditor: that is how the role is told.
    expected = [{ path: '/api/v1/authorizationServers', status: 401 }];
    await signIn(AUDITOR_TOKEN);
    await page.getByRole('heading', { level: 1, name: 'Token lookup' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Pages' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Token lookup', 'State as of', 'Subject', 'Integrity']);
    expect(await page.getByRole('link', { name: 'API reference' }).getAttribute('href')).toBe('/console/api');
    expect(new URL(page.url()).pathname).toBe('/console/tokens');

    // The replayed refresh token: not active, reused outside the leeway; its family's timeline.
    await page.getByLabel('Refresh token, access token, token id or jti').fill(seeded.reused.replayedToken);
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect(page.getByTestId('why-active').textContent()).resolves.toBe('not active');
    expect(await page.getByTestId('why-reason').textContent()).toBe('reused_outside_leeway');
    const events = page.getByTestId('timeline-event');
    await events.nth(3).waitFor();
    expect(await events.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-label')))).toEqual(['issued', 'refreshed', 'refreshed', 'reuse detected']);
    const reuse = events.nth(3);
    expect(await reuse.getAttribute('class')).toContain('tone-bad');
    expect(await reuse.textContent()).toContain('requested by system');
    // Each event names what decided it and links to the previous one by hash (whole hash on hover).
    expect(await events.nth(1).textContent()).toContain('default-policy / default-rule');
    const links = await events.evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('.link [title]')].map((el) => el.getAttribute('title'))));
    expect(links[0]).toHaveLength(1); // the first event links to nothing
    for (let i = 1; i < links.length; i++) expect(links[i][0]).toBe(links[i - 1].at(-1));
    await expect(page.getByTestId('chain').textContent()).resolves.toContain('hash chain intact (4 events)');
    // The family's timeline at the top of the window, its reuse detection in view.
    await page.getByRole('heading', { name: /^Family/ }).evaluate((heading) => heading.scrollIntoView());
    await shot('token-lookup');

    // State as of: the control spans the family's life; its start is the issuance (active), its end now (revoked).
    await page.getByRole('button', { name: 'State as of…' }).click();
    await page.getByRole('heading', { level: 1, name: 'State as of' }).waitFor();
    const state = page.getByTestId('state');
    await expect(page.getByTestId('state-status').textContent()).resolves.toBe('revoked');
    const control = page.getByRole('slider', { name: 'Instant' });
    await control.focus();
    await page.keyboard.press('Home');
    await page.locator(`[data-testid=state][data-at="${new Date(seeded.reused.issuedAt).toISOString()}"]`).waitFor();
    expect(await page.getByTestId('state-status').textContent()).toBe('active');
    expect(await state.textContent()).toContain(`${seeded.reused.familyId}.0 (generation 0)`);
    await shot('state-as-of');
    // One step (a second) before the reuse: still active, at the second generation.
    await page.locator('.marks').getByRole('button', { name: '#3 TokenRevoked' }).click();
    await page.locator(`[data-testid=state][data-at="${new Date(seeded.reused.revokedAt).toISOString()}"]`).waitFor();
    expect(await page.getByTestId('state-status').textContent()).toBe('revoked');
    await page.keyboard.press('ArrowLeft');
    await control.focus();
    await page.keyboard.press('ArrowLeft');
    await page.locator(`[data-testid=state][data-at="${new Date(seeded.reused.revokedAt - 1000).toISOString()}"]`).waitFor();
    expect(await page.getByTestId('state-status').textContent()).toBe('active');
    expect(await state.textContent()).toContain(`${seeded.reused.familyId}.2 (generation 2)`);

    // Subject: every family with its status now.
    await openPage('Subject');
    await page.getByLabel('Subject (sub)').fill(seeded.subject);
    await page.getByRole('button', { name: 'Show' }).click();
    const rows = page.getByTestId('subject-families').locator('tbody tr');
    await rows.nth(2).waitFor();
    const statuses = await rows.evaluateAll((trs) => trs.map((tr) => [tr.querySelector('code')?.textContent, tr.querySelectorAll('td')[4]?.textContent?.trim()]));
    expect(statuses).toEqual([
      [seeded.reused.familyId, 'revoked reuse_detected'],
      [seeded.revoked.familyId, 'revoked client_request'],
      [seeded.active.familyId, 'active'],
    ]);
    await shot('subject-auditor');

    // Integrity: the whole log verifies, and the latest seal is shown.
    await openPage('Integrity');
    await page.getByTestId('seal').waitFor();
    await page.getByRole('button', { name: 'Verify the ledger' }).click();
    await expect(page.getByTestId('verify-result').textContent()).resolves.toBe('ok');
    expect(await page.getByTestId('verification').textContent()).toMatch(/events checked\d+/);
    await shot('integrity');

    // Signing out forgets the credential.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Credential').waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
  });

  it("auditor: checks the seal, a consistency proof and an event's inclusion proof in the browser; a tampered proof is not verified", async () => {
    expected = [{ path: '/api/v1/authorizationServers', status: 401 }];
    await signIn(AUDITOR_TOKEN);
    await page.getByRole('heading', { level: 1, name: 'Token lookup' }).waitFor();
    // The seal made at start covers the bootstrap only: the seeded families came after it.
    const before = await latest(ledger);

    // First visit to Integrity: the seal's signature is checked here, and this browser keeps its tree head.
    await openPage('Integrity');
    await expect(page.getByTestId('seal-signature').textContent()).resolves.toBe('signature verified in this browser');
    expect(await page.getByTestId('seal').textContent()).toContain(`tree size${before.treeSize}`);

    const lookUp = async () => {
      await openPage('Token lookup');
      await page.getByLabel('Refresh token, access token, token id or jti').fill(seeded.reused.replayedToken);
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.getByTestId('timeline-event').nth(3).waitFor();
      return page.getByTestId('timeline-event').nth(1);
    };
    const refreshed = await lookUp();
    const checkProof = async () => {
      await refreshed.getByRole('button', { name: 'Check the inclusion proof of #1' }).click();
      return refreshed.getByTestId('proof-result').textContent();
    };
    await expect(checkProof()).resolves.toMatch(/^not sealed yet: the newest seal \(tree of \d+\)/);

    // A seal now covers the seeded events: the proof leads from the event's leaf to its signed root.
    await sealNow(ledger);
    const sealed = await latest(ledger);
    expect(sealed.treeSize).toBeGreaterThan(before.treeSize);
    await expect(checkProof()).resolves.toMatch(new RegExp(`^✓ sealed in tree of ${sealed.treeSize} \\(leaf \\d+\\), verified in this browser`));
    await shot('token-lookup-proof');

    // One flipped hash in the served path: the page says so.
    await page.route('**/api/v1/audit/events/*/proof', (route) => flipFirstProofHash(route));
    await expect(checkProof()).resolves.toBe("✗ not verified: the inclusion path does not lead to the seal's root");
    await page.unrouteAll();

    // Integrity again: the newest seal, and its consistency with the tree head kept on the first visit.
    await openPage('Integrity');
    await expect(page.getByTestId('seal-signature').textContent()).resolves.toBe('signature verified in this browser');
    expect(await page.getByLabel('From tree size (M)').inputValue()).toBe(String(before.treeSize));
    expect(await page.getByLabel(/^Root hash at M/).inputValue()).toBe(before.rootHash);
    await page.getByRole('button', { name: 'Check consistency' }).click();
    await expect(page.getByTestId('consistency-result').textContent()).resolves.toBe('✓ consistent, verified in this browser');
    const consistency = page.getByTestId('consistency');
    expect([await consistency.getAttribute('data-from'), await consistency.getAttribute('data-to')]).toEqual([String(before.treeSize), String(sealed.treeSize)]);
    expect(await consistency.locator('.hash').evaluateAll((hashes) => hashes.map((h) => h.getAttribute('title')))).toEqual([before.rootHash, sealed.rootHash]);
    await shot('integrity-proofs');

    // The same check with one hash of the proof flipped on its way to the page: not verified.
    await page.route('**/api/v1/audit/seals/consistency?*', (route) => flipFirstProofHash(route));
    await page.getByRole('button', { name: 'Check consistency' }).click();
    await expect(page.getByTestId('consistency-result').textContent()).resolves.toBe('✗ not verified');
    expect(await consistency.textContent()).toContain(`the proof does not show the tree of ${sealed.treeSize} extends the tree of ${before.treeSize}`);
    await page.unrouteAll();

    // A size no seal has, and no root to start from: nothing to check the proof against.
    await page.getByLabel('From tree size (M)').fill(String(before.treeSize - 1));
    await page.getByLabel(/^Root hash at M/).fill('');
    await page.getByRole('button', { name: 'Check consistency' }).click();
    await page.locator(`[data-testid=consistency][data-from="${before.treeSize - 1}"]`).waitFor();
    expect(await page.getByTestId('consistency-result').textContent()).toBe('✗ not verified');
    expect(await consistency.textContent()).toContain(`no seal has exactly ${before.treeSize - 1} leaves`);
  });

  it('admin: explains a policy decision, watches projections and refresh outcomes, revokes a subject', async () => {
    expected = [{ path: '/api/v1/audit/sealing-keys', status: 401 }];
    await signIn(ADMIN_TOKEN);
    await page.getByRole('heading', { level: 1, name: 'Subject' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Pages' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Subject', 'Policy what-if', 'Operations']);

    // Policy what-if: the matched rule, its lifetimes, and why each entry did or did not match.
    await openPage('Policy what-if');
    const explainForm = page.getByRole('form', { name: 'Explain' });
    await explainForm.getByRole('option', { name: /default \(default\)/ }).waitFor({ state: 'attached' });
    await explainForm.getByLabel('Client').fill('rotate30-client');
    await explainForm.getByLabel('User (sub)').fill(seeded.subject);
    await explainForm.getByRole('button', { name: 'Explain' }).click();
    await expect(page.getByTestId('explain-verdict').textContent()).resolves.toBe('matched');
    expect(await page.getByTestId('explain-rule').textContent()).toBe('Default Policy Rule');
    // Each policy and rule above the match says why it did not match; the match is marked.
    const reasons = () =>
      page
        .getByTestId('explain-reasons')
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent).concat(row.className)));
    expect(await reasons()).toEqual([
      ['Partner apps', '(the policy itself)', 'no', 'clients', 'muted-row'],
      ['Staff', '(the policy itself)', 'yes', '', ''],
      ['Staff', 'Admins get 5-minute access tokens', 'no', 'people.groups', 'muted-row'],
      ['Default Policy', '(the policy itself)', 'yes', '', ''],
      ['Default Policy', 'Default Policy Rule', 'yes', '', 'chosen'],
    ]);
    expect(await page.getByTestId('explanation').textContent()).toMatch(/access token1 h.+configuration version\d+/);
    await shot('policy-what-if');

    // In the admins group the Staff rule matches first, with its own lifetimes.
    await explainForm.getByLabel('Groups (space-separated)').fill('admins');
    await explainForm.getByRole('button', { name: 'Explain' }).click();
    await page.getByTestId('explain-rule').filter({ hasText: 'Admins get 5-minute access tokens' }).waitFor();
    expect(await page.getByTestId('explanation').textContent()).toContain('access token5 min');

    // A grant no rule allows: no match, and the reason per policy and rule.
    await explainForm.getByLabel('Grant').fill('urn:example:unknown-grant');
    await explainForm.getByRole('button', { name: 'Explain' }).click();
    await page.getByTestId('explain-verdict').filter({ hasText: 'no match' }).waitFor();
    expect((await reasons()).filter(([, rule]) => rule !== '(the policy itself)').map(([, rule, matched, failed]) => [rule, matched, failed])).toEqual([
      ['Admins get 5-minute access tokens', 'no', 'grantTypes'],
      ['Default Policy Rule', 'no', 'grantTypes'],
    ]);

    // A draft: the default rule with 30-minute access tokens, evaluated against the live families; nothing saved.
    const draftForm = page.getByRole('form', { name: 'Draft' });
    await draftForm.getByLabel('Change').selectOption({ label: 'Update a rule' });
    await draftForm.getByRole('option', { name: 'Default Policy', exact: true }).waitFor({ state: 'attached' });
    await draftForm.getByLabel('Policy', { exact: true }).selectOption({ label: 'Default Policy' });
    await draftForm.getByRole('option', { name: 'Default Policy Rule', exact: true }).waitFor({ state: 'attached' });
    const ruleJson = draftForm.getByLabel(/^Rule \(JSON/);
    await page.waitForFunction(`document.querySelector('textarea[name=draft]')?.value.includes('"name": "Default Policy Rule"')`);
    await ruleJson.fill((await ruleJson.inputValue()).replace('"accessTokenLifetimeMinutes": 60', '"accessTokenLifetimeMinutes": 30'));
    await draftForm.getByRole('button', { name: 'Evaluate the draft' }).click();
    await expect(page.getByTestId('what-if-accessTokenLifetimeChanged').textContent()).resolves.toBe('1 accessTokenLifetimeChanged');
    const example = page.getByTestId('what-if-examples').locator('tbody tr');
    expect(await example.allTextContents()).toEqual([expect.stringContaining(seeded.active.familyId)]);
    expect(await example.first().textContent()).toContain('access 1 h → Default Policy / Default Policy Rule, access 30 min');
    await page.getByTestId('what-if').evaluate((result) => result.scrollIntoView());
    await shot('policy-draft');
    // Deactivating the default rule instead: the live family would match no rule at its next refresh.
    await draftForm.getByLabel('Change').selectOption({ label: 'Deactivate a rule' });
    await draftForm.getByRole('button', { name: 'Evaluate the draft' }).click();
    await expect(page.getByTestId('what-if-stopsMatching').textContent()).resolves.toBe('1 stopsMatching');

    // Operations: projections with their lag and state; a rebuild behind a confirmation; the outcome chart.
    await openPage('Operations');
    const projections = page.getByTestId('projections').locator('tbody tr');
    await projections.first().waitFor();
    expect(await projections.first().textContent()).toMatch(/LIVE|CATCHING_UP/);
    const first = projections.first();
    await first.getByRole('button', { name: 'Rebuild' }).click();
    const rebuilt = page.waitForResponse((response) => response.url().endsWith('/rebuild') && response.request().method() === 'POST');
    await first.getByRole('button', { name: 'Rebuild now' }).click();
    expect([200, 202]).toContain((await rebuilt).status());
    await page.getByTestId('refresh-chart').locator('polyline[data-outcome="refreshed"]').waitFor({ state: 'attached' });
    expect(await page.getByTestId('refresh-totals').textContent()).toMatch(/refreshed 2, reused_outside_leeway 1/);
    // A refresh while the page watches shows on the chart: the refreshed line leaves zero.
    expect((await refresh(ledger, TEST_CLIENTS.rotate30, seeded.active.refreshToken)).status).toBe(200);
    await page.getByTestId('refresh-totals').filter({ hasText: 'refreshed 3,' }).waitFor();
    const refreshedLine = page.getByTestId('refresh-chart').locator('polyline[data-outcome="refreshed"]');
    const [zero, peak] = await refreshedLine.evaluate((line) => {
      const ys = (line.getAttribute('points') ?? '').split(' ').map((point: string) => Number(point.split(',')[1]));
      return [Math.max(...ys), Math.min(...ys)];
    });
    expect(peak).toBeLessThan(zero);
    await shot('operations');

    // Subject: revoke every token of the subject, after a confirmation.
    await openPage('Subject');
    await page.getByLabel('Subject (sub)').fill(seeded.subject);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('button', { name: 'Revoke all tokens of this subject' }).click();
    await shot('subject-admin');
    await page.getByRole('button', { name: 'Revoke all', exact: true }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe(`Every token of ${seeded.subject} is revoked.`);
    const after = await fetch(`${ledger.baseUrl}/api/v1/audit/subjects/${encodeURIComponent(seeded.subject)}/families`, { headers: { authorization: `Bearer ${AUDITOR_TOKEN}` } });
    expect(((await after.json()) as { status: string }[]).map((f) => f.status)).toEqual(['revoked', 'revoked', 'revoked']);
  });
});

/** Answers with the service's own response, one hex digit of its first proof hash changed. */
async function flipFirstProofHash(route: Route): Promise<void> {
  const response = await route.fetch();
  const body = (await response.json()) as { proof: string[] };
  const [first, ...rest] = body.proof;
  await route.fulfill({ response, json: { ...body, proof: [(first[0] === '0' ? '1' : '0') + first.slice(1), ...rest] } });
}
