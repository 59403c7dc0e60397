'use strict';
/**
 * Scenario "refresh": the refresh_token grant under load, each connection continuing its own
 * token family (rotation: every refresh token is presented exactly once).
 *
 * 1. one family per connection is issued through the admin issuance API;
 * 2. one autocannon run on 100 kept-alive connections: a warm-up, then the measured window
 *    (see lib/cannon.js), the chains continuing across the two;
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
 * `onLoadStart(book)` is called as the load starts (the soak scenario samples the chains' counts).
 * @param {{ service, http, secret: string, connections: number, warmupSec: number, durationSec: number, log: Function, onLoadStart?: (book: ChainBook) => void }} ctx
 */
async function runRefresh(ctx) {
  const { service, http, secret, connections, warmupSec, durationSec, log } = ctx;
  log(`refresh: issuing ${connections} families`);
  const families = await issueFamilies(http, service, connections, 'refresh-user');
  const book = new ChainBook(families);
  const counts = () => book.chains.map((c) => c.refreshes);

  log(`refresh: warm-up ${warmupSec} s, then measured ${durationSec} s, ${connections} connections`);
  const beforeWarmup = counts();
  let warmupChains = null;
  let beforeMeasured = beforeWarmup;
  ctx.onLoadStart?.(book);
  const measured = await runCannon({
    url: service.baseUrl,
    title: 'refresh',
    connections,
    warmupSec,
    durationSec,
    requests: chainRequests(book, secret),
    servicePid: service.child.pid,
    onMeasuredStart: () => {
      warmupChains = book.figures(beforeWarmup, { midRun: true });
      book.resetCounters();
      beforeMeasured = counts();
    },
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
  const { window, warmup, ...figures } = measured;
  return {
    result: {
      endpoint: `POST ${TOKEN_PATH} (grant_type=refresh_token, rotation, client_secret_basic)`,
      ...figures,
      errors,
      chains,
      sanity,
      warmup: warmup && { ...warmup, chains: warmupChains },
    },
    book,
    window,
  };
}

module.exports = { runRefresh };
