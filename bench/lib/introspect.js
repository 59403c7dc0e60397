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

  log(`introspect: warm-up ${warmupSec} s, then measured ${durationSec} s, ${connections} connections, ${tokens.length} tokens`);
  const counters = { inactive: 0 };
  let warmupInactive = 0;
  const measured = await runCannon({
    url: service.baseUrl,
    title: 'introspect',
    connections,
    warmupSec,
    durationSec,
    requests: introspectRequests(tokens, secret, counters),
    servicePid: service.child.pid,
    onMeasuredStart: () => {
      warmupInactive = counters.inactive;
      counters.inactive = 0;
    },
  });
  // `window` (the CPU profile's bounds) is the refresh scenario's business.
  const { window: _window, warmup, ...figures } = measured;
  const errors = figures.non2xx + Math.max(figures.unanswered, figures.socketErrors + figures.timeouts) + counters.inactive;
  return {
    endpoint: `POST ${INTROSPECT_PATH} (access tokens, client_secret_basic)`,
    tokensRotated: tokens.length,
    ...figures,
    errors,
    inactiveAnswers: counters.inactive,
    warmup: warmup && { ...warmup, errors: warmup.non2xx + warmupInactive },
  };
}

module.exports = { runIntrospect };
