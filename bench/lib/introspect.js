'use strict';
/**
 * Scenario "introspect": RFC 7662 introspection of access tokens under load. The tokens (about
 * 100, one per family) rotate request by request; every answer must be `active: true`. The
 * service verifies the JWT and reads the family's first and last events from the store.
 * `introspectTokens` also drives the reference peer (lib/peer.js) with the same generator.
 */
const { runCheckedCannon } = require('./cannon');
const { basicAuth, issueFamilies, INTROSPECT_PATH } = require('./families');

/** @param {{ path: string, authorization: string }} target */
function introspectRequests(tokens, target, countInactive) {
  let next = 0;
  return [
    {
      method: 'POST',
      path: target.path,
      headers: {
        authorization: target.authorization,
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
  const { service, http, secret, log } = ctx;
  let tokens = ctx.accessTokens;
  if (!tokens || tokens.length === 0) {
    log('introspect: issuing 100 families');
    tokens = (await issueFamilies(http, service, 100, 'introspect-user')).map((f) => f.accessToken);
  }

  return {
    endpoint: `POST ${INTROSPECT_PATH} (access tokens, client_secret_basic)`,
    ...(await introspectTokens({
      ...ctx,
      url: service.baseUrl,
      pid: service.child.pid,
      tokens,
      target: { path: INTROSPECT_PATH, authorization: basicAuth(secret) },
    })),
  };
}

/**
 * One introspection run (warm-up, measured window) over `tokens` against one server.
 * @param {{ url: string, pid: number, tokens: string[], target: { path: string, authorization: string }, connections: number, warmupSec: number, durationSec: number, log: Function, label?: string, onMeasuredStart?: Function }} o
 */
async function introspectTokens(o) {
  const { tokens, connections, warmupSec, durationSec, log } = o;
  log(`${o.label ?? 'introspect'}: warm-up ${warmupSec} s, then measured ${durationSec} s, ${connections} connections, ${tokens.length} tokens`);
  const { figures, errors, wrongAnswers, warmup } = await runCheckedCannon({
    url: o.url,
    title: 'introspect',
    connections,
    warmupSec,
    durationSec,
    requests: (countInactive) => introspectRequests(tokens, o.target, countInactive),
    servicePid: o.pid,
    onMeasuredStart: o.onMeasuredStart,
  });
  return { tokensRotated: tokens.length, ...figures, errors, inactiveAnswers: wrongAnswers, warmup };
}

module.exports = { runIntrospect, introspectTokens };
