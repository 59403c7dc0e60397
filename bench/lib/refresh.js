'use strict';
/**
 * Scenario "refresh": the refresh_token grant under load, each connection continuing its own
 * token family (rotation: every refresh token is presented exactly once).
 *
 * 1. one family per connection is issued through the admin issuance API;
 * 2. one autocannon run on 100 kept-alive connections: a warm-up, then the measured window
 *    (see lib/cannon.js), the chains continuing across the two;
 * 3. sanity: every chain's newest refresh token must still refresh (200).
 *
 * Steps 2 and 3 (`driveChains`) also drive the reference peer's chains (lib/peer.js): the same
 * load generator and chain bookkeeping, only the path, client credentials and form differ.
 */
const { runCannon } = require('./cannon');
const { ChainBook } = require('./chains');
const { basicAuth, issueFamilies, refreshForm, TOKEN_PATH } = require('./families');

/**
 * Builds the single-request autocannon sequence driving the chains in `book`.
 * @param {ChainBook} book
 * @param {{ path: string, authorization: string, form: (refreshToken: string) => string }} target
 */
function chainRequests(book, target) {
  return [
    {
      method: 'POST',
      path: target.path,
      headers: {
        authorization: target.authorization,
        'content-type': 'application/x-www-form-urlencoded',
      },
      setupRequest(req, context) {
        const chain = book.claim();
        context.chain = chain;
        // No free chain can only follow a broken or lost chain; send a token the server must
        // refuse, so the connection keeps its load and the failure shows up as non-2xx.
        req.body = target.form(chain ? chain.refreshToken : 'tlr1.no-free-chain.0.x.x');
        return req;
      },
      onResponse(status, body, context) {
        if (context.chain) book.answer(context.chain, status, body);
      },
    },
  ];
}

/**
 * Drives the chains of `book` (warm-up, measured window, sanity check) against one server.
 * `present(token)` is one refresh over a plain keep-alive connection, for the sanity check;
 * `onLoadStart(book)` is called as the load starts (the soak scenario samples the chains' counts).
 * @param {{ url: string, pid: number, title: string, book: ChainBook, target: { path: string, authorization: string, form: Function }, present: (token: string) => Promise<{ status: number, body: string }>, connections: number, warmupSec: number, durationSec: number, onMeasuredStart?: Function, onLoadStart?: (book: ChainBook) => void, log: Function, label?: string }} o
 */
async function driveChains(o) {
  const { book, connections, warmupSec, durationSec, log } = o;
  const label = o.label ?? 'refresh';
  const counts = () => book.chains.map((c) => c.refreshes);
  log(`${label}: warm-up ${warmupSec} s, then measured ${durationSec} s, ${connections} connections`);
  const beforeWarmup = counts();
  let warmupChains = null;
  let beforeMeasured = beforeWarmup;
  o.onLoadStart?.(book);
  const measured = await runCannon({
    url: o.url,
    title: o.title,
    connections,
    warmupSec,
    durationSec,
    requests: chainRequests(book, o.target),
    servicePid: o.pid,
    onMeasuredStart: () => {
      warmupChains = book.figures(beforeWarmup, { midRun: true });
      book.resetCounters();
      beforeMeasured = counts();
      o.onMeasuredStart?.();
    },
  });
  const chains = book.figures(beforeMeasured);

  log(`${label}: sanity check of every chain`);
  let sanity;
  try {
    sanity = await book.sanityCheck(o.present);
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
    result: { ...figures, errors, chains, sanity, warmup: warmup && { ...warmup, chains: warmupChains } },
    window,
  };
}

/**
 * @param {{ service, http, secret: string, connections: number, warmupSec: number, durationSec: number, log: Function, onMeasuredStart?: Function, onLoadStart?: Function }} ctx
 */
async function runRefresh(ctx) {
  const { service, http, secret, connections, log } = ctx;
  log(`refresh: issuing ${connections} families`);
  const families = await issueFamilies(http, service, connections, 'refresh-user');
  const book = new ChainBook(families);
  const { result, window } = await driveChains({
    ...ctx,
    url: service.baseUrl,
    pid: service.child.pid,
    title: 'refresh',
    book,
    target: { path: TOKEN_PATH, authorization: basicAuth(secret), form: refreshForm },
    present: (token) =>
      http.request('POST', TOKEN_PATH, {
        headers: { authorization: basicAuth(secret) },
        form: { grant_type: 'refresh_token', scope: 'openid offline_access', refresh_token: token },
      }),
  });
  return {
    result: { endpoint: `POST ${TOKEN_PATH} (grant_type=refresh_token, rotation, client_secret_basic)`, ...result },
    book,
    window,
  };
}

module.exports = { runRefresh, driveChains };
