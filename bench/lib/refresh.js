'use strict';
/**
 * Scenario "refresh": the refresh_token grant under load, each connection continuing its own
 * token family (rotation: every refresh token is presented exactly once).
 *
 * 1. one family per connection is issued through the admin issuance API;
 * 2. warm-up run (its own autocannon run, chain-correct);
 * 3. measured run, continuing the chains from the warm-up's last tokens;
 * 4. sanity: every chain's newest refresh token must still refresh (200).
 */
const { runCannon } = require('./cannon');
const { ChainBook } = require('./chains');
const { basicAuth, issueFamilies, refreshForm, TOKEN_PATH } = require('./families');

/** Builds the single-request autocannon sequence driving the chains in `book`. */
function chainRequests(book, secret) {
  return [
    {
      method: 'POST',
      path: TOKEN_PATH,
      headers: {
        authorization: basicAuth(secret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      setupRequest(req, context) {
        const chain = book.claim();
        context.chain = chain;
        // No free chain can only follow a broken or lost chain; send a token the service must
        // refuse, so the connection keeps its load and the failure shows up as non-2xx.
        req.body = refreshForm(chain ? chain.refreshToken : 'tlr1.no-free-chain.0.x.x');
        return req;
      },
      onResponse(status, body, context) {
        if (context.chain) book.answer(context.chain, status, body);
      },
    },
  ];
}

/**
 * @param {{ service, http, secret: string, connections: number, warmupSec: number, durationSec: number, log: Function, onMeasuredWindow?: Function }} ctx
 */
async function runRefresh(ctx) {
  const { service, http, secret, connections, warmupSec, durationSec, log } = ctx;
  log(`refresh: issuing ${connections} families`);
  const families = await issueFamilies(http, service, connections, 'refresh-user');
  const book = new ChainBook(families);
  const counts = () => book.chains.map((c) => c.refreshes);

  log(`refresh: warm-up ${warmupSec} s, ${connections} connections`);
  const beforeWarmup = counts();
  const warmup = await runCannon({
    url: service.baseUrl,
    title: 'refresh warm-up',
    connections,
    durationSec: warmupSec,
    requests: chainRequests(book, secret),
    servicePid: service.child.pid,
  });
  const warmupChains = book.figures(beforeWarmup);
  book.resetCounters();

  log(`refresh: measured ${durationSec} s, ${connections} connections`);
  const beforeMeasured = counts();
  const measured = await runCannon({
    url: service.baseUrl,
    title: 'refresh',
    connections,
    durationSec,
    requests: chainRequests(book, secret),
    servicePid: service.child.pid,
  });
  const chains = book.figures(beforeMeasured);

  log('refresh: sanity check of every chain');
  let sanity;
  try {
    sanity = await book.sanityCheck((token) =>
      http.request('POST', TOKEN_PATH, {
        headers: { authorization: basicAuth(secret) },
        form: { grant_type: 'refresh_token', scope: 'openid offline_access', refresh_token: token },
      }),
    );
  } catch (error) {
    sanity = { chains: book.chains.length, ok: 0, failed: book.chains.length, error: String(error && error.message) };
  }

  // A request lost to a timeout or a broken connection is both "unanswered" and a socket
  // error/timeout; count it once. Lost chain answers are among the unanswered requests.
  const errors =
    measured.non2xx +
    Math.max(measured.unanswered, measured.socketErrors + measured.timeouts) +
    chains.reusedTokens +
    chains.malformedAnswers;
  const { window, ...figures } = measured;
  return {
    result: {
      endpoint: `POST ${TOKEN_PATH} (grant_type=refresh_token, rotation, client_secret_basic)`,
      ...figures,
      errors,
      chains,
      sanity,
      warmup: {
        durationSec: warmup.durationSec,
        requests: warmup.requests,
        requestsPerSec: warmup.requestsPerSec,
        non2xx: warmup.non2xx,
        errors: Math.max(warmup.unanswered, warmup.socketErrors + warmup.timeouts),
        chains: warmupChains,
      },
    },
    book,
    window,
  };
}

module.exports = { runRefresh };
