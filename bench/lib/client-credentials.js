'use strict';
/**
 * Scenario "client-credentials": the `client_credentials` grant under load (a service asking
 * for its own access token, `scope=api:read`, Basic credentials). Every request starts a token
 * family: its `TokenIssued` event is committed durably and the access token signed before the
 * answer, which must be a bearer token with no refresh token.
 */
const { runCheckedCannon } = require('./cannon');
const { basicAuth, TOKEN_PATH } = require('./families');

const BODY = 'grant_type=client_credentials&scope=api%3Aread';

function clientCredentialsRequests(secret, countMalformed) {
  return [
    {
      method: 'POST',
      path: TOKEN_PATH,
      headers: { authorization: basicAuth(secret), 'content-type': 'application/x-www-form-urlencoded' },
      body: BODY,
      onResponse(status, body) {
        if (status === 200 && (!body.includes('"access_token":"') || body.includes('"refresh_token"'))) countMalformed();
      },
    },
  ];
}

/**
 * @param {{ service, secret: string, connections: number, warmupSec: number, durationSec: number, log: Function }} ctx
 */
async function runClientCredentials(ctx) {
  const { service, secret, connections, warmupSec, durationSec, log } = ctx;
  log(`client-credentials: warm-up ${warmupSec} s, then measured ${durationSec} s, ${connections} connections`);
  const { figures, errors, wrongAnswers, warmup } = await runCheckedCannon({
    url: service.baseUrl,
    title: 'client-credentials',
    connections,
    warmupSec,
    durationSec,
    requests: (countMalformed) => clientCredentialsRequests(secret, countMalformed),
    servicePid: service.child.pid,
  });
  return {
    endpoint: `POST ${TOKEN_PATH} (grant_type=client_credentials, scope=api:read, client_secret_basic)`,
    ...figures,
    errors,
    malformedAnswers: wrongAnswers,
    warmup,
  };
}

module.exports = { runClientCredentials };
