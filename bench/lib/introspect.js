'use strict';
/**
 * Scenario "introspect": RFC 7662 introspection of access tokens under load. The tokens (about
 * 100, one per family) rotate request by request; every answer must be `active: true`. The
 * service verifies the JWT and reads the family's first and last events from the store.
 */
const { runCheckedCannon } = require('./cannon');
const { basicAuth, issueFamilies, INTROSPECT_PATH } = require('./families');

function introspectRequests(tokens, secret, countInactive) {
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
        if (status === 200 && !body.includes('"active":true')) countInactive();
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
  const { figures, errors, wrongAnswers, warmup } = await runCheckedCannon({
    url: service.baseUrl,
    title: 'introspect',
    connections,
    warmupSec,
    durationSec,
    requests: (countInactive) => introspectRequests(tokens, secret, countInactive),
    servicePid: service.child.pid,
  });
  return {
    endpoint: `POST ${INTROSPECT_PATH} (access tokens, client_secret_basic)`,
    tokensRotated: tokens.length,
    ...figures,
    errors,
    inactiveAnswers: wrongAnswers,
    warmup,
  };
}

module.exports = { runIntrospect };
