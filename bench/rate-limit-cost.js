#!/usr/bin/env node
'use strict';
/**
 * CPU cost of the rate-limit code one refresh runs through, measured on its own (the refresh
 * bench cannot resolve 1% on a shared machine): `npx nest build token-service`, then
 * `node bench/rate-limit-cost.js`. Calls, a million times per run, what the HTTP guard and client
 * authentication do for a `client_secret_basic` refresh with the default budgets: read the
 * claimed client id from the Basic header, count the request against the address and the client
 * id, write the three X-Rate-Limit-* headers, check the credential-failure budgets.
 */
require('reflect-metadata');
const path = require('node:path');
const dist = path.join(__dirname, '..', 'dist');
const { RateLimiter } = require(path.join(dist, 'apps/token-service/src/rate-limits/rate-limiter'));
const { claimedClientId } = require(path.join(dist, 'apps/token-service/src/rate-limits/claimed-client-id'));
const { setRateLimitHeaders } = require(path.join(dist, 'apps/token-service/src/oauth-errors/oauth-errors'));
const { loadLedgerConfig } = require(path.join(dist, 'libs/config/src'));

// Budgets high enough that a million calls a run are never refused.
const config = loadLedgerConfig({ LEDGER_RATE_LIMIT_CLIENT_REQUESTS: '1000000000', LEDGER_RATE_LIMIT_ADDRESS_REQUESTS: '1000000000' });
const limiter = new RateLimiter(config, { now: () => Date.now() });
const authorization = `Basic ${Buffer.from('demo-client:demo-secret-0123456789abcdefghijklmnopqrstuv').toString('base64')}`;
const body = { grant_type: 'refresh_token', refresh_token: 'tlr1.x' };
const reply = { header: () => reply };

function oneRequest() {
  const status = limiter.admitRequest('token', '127.0.0.1', claimedClientId(authorization, body));
  if (status) setRateLimitHeaders(reply, status);
  limiter.requireClientCredentialBudget('127.0.0.1', 'demo-client');
}

for (let i = 0; i < 200_000; i++) oneRequest();
const N = 1_000_000;
for (let run = 1; run <= 5; run++) {
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < N; i++) oneRequest();
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(`run ${run}: ${(((cpu.user + cpu.system) * 1000) / N).toFixed(0)} ns of CPU per request\n`);
}
