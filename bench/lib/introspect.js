'use strict';
/**
 * Scenario "introspect": RFC 7662 introspection of access tokens under load. The tokens (about
 * 100, one per family) rotate request by request; every answer must be `active: true`. The
 * service verifies the JWT and reads the family's first and last events from the store.
 */
const { runCannon } = require('./cannon');
const { basicAuth, issueFamilies, INTROSPECT_PATH } = require('./families');

function introspectRequests(tokens, secret, counters) {
  let next = 0;
  return [
    {
      method: 'POST',
      path: INTROSPECT_PATH,
      headers: {
        authorization: basicAuth(secret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      setupRequest(req) {
        req.body = `token=${encodeURIComponent(tokens[next++ % tokens.length])}`;
        return req;
      },
      onResponse(status, body) {
        if (status === 200 && !body.includes('"active":true')) counters.inactive++;
      },
    },
  ];
}

/**
 * @param {{ service, http, secret: string, connections: number, warmupSec: number, durationSec: number, log: Function, accessTokens?: string[] }} ctx
 */
async function runIntrospect(ctx) {
  const { service, http, secret, connections, warmupSec, durationSec, log } = ctx;
  let tokens = ctx.accessTokens;
  if (!tokens || tokens.length === 0) {
    log('introspect: issuing 100 families');
    tokens = (await issueFamilies(http, service, 100, 'introspect-user')).map((f) => f.accessToken);
  }

  log(`introspect: warm-up ${warmupSec} s, ${connections} connections, ${tokens.length} tokens`);
  const warmCounters = { inactive: 0 };
  const warmup = await runCannon({
    url: service.baseUrl,
    title: 'introspect warm-up',
    connections,
    durationSec: warmupSec,
    requests: introspectRequests(tokens, secret, warmCounters),
    servicePid: service.child.pid,
  });

  log(`introspect: measured ${durationSec} s`);
  const counters = { inactive: 0 };
  const measured = await runCannon({
    url: service.baseUrl,
    title: 'introspect',
    connections,
    durationSec,
    requests: introspectRequests(tokens, secret, counters),
    servicePid: service.child.pid,
  });
  delete measured.window;
  const errors = measured.non2xx + Math.max(measured.unanswered, measured.socketErrors + measured.timeouts) + counters.inactive;
  return {
    endpoint: `POST ${INTROSPECT_PATH} (access tokens, client_secret_basic)`,
    tokensRotated: tokens.length,
    ...measured,
    errors,
    inactiveAnswers: counters.inactive,
    warmup: {
      durationSec: warmup.durationSec,
      requests: warmup.requests,
      requestsPerSec: warmup.requestsPerSec,
      non2xx: warmup.non2xx,
      errors: Math.max(warmup.unanswered, warmup.socketErrors + warmup.timeouts) + warmCounters.inactive,
    },
  };
}

module.exports = { runIntrospect };
