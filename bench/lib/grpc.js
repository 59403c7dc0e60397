'use strict';
/**
 * Scenario "grpc": the refresh_token grant over gRPC (`tokenledger.v1.TokenService/RefreshTokens`,
 * client_secret_basic in metadata), under the same load shape as the HTTP "refresh" scenario so
 * the two compare: 100 chains in flight together (closed loop: each chain sends its next refresh
 * only once the previous answer arrived, and presents the token that answer returned, so every
 * refresh token is presented exactly once), 3 s warm-up, then 10 s measured.
 *
 * 1. one family per chain is issued through the admin issuance API (as for "refresh");
 * 2. warm-up run, then the measured run, continuing the same chains;
 * 3. sanity: every chain's newest refresh token must still refresh.
 *
 * The load generator is @grpc/grpc-js in this process with the repository's proto files. Calls
 * are spread over a few channels (`GRPC_CHANNELS`, each its own HTTP/2 connection, as a pool of
 * service instances or pods would open) rather than one: HTTP/2 multiplexes, so one connection
 * would measure a single socket's framing, while HTTP's figure comes from 100 connections.
 * Latency is per call, from issuing it to its answer (process.hrtime, sub-millisecond). At the
 * deadline no chain starts a new call; calls in flight finish (their answers are kept, so no
 * chain loses its token) and the drain counts in the measured duration, as for autocannon.
 */
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { ChainBook } = require('./chains');
const { cpuMeter } = require('./cpu');
const { basicAuth, issueFamilies, SCOPE } = require('./families');
const { REPO_ROOT } = require('./service');
const { summarize, round } = require('./stats');

/** HTTP/2 connections the chains are spread over (round-robin). */
const GRPC_CHANNELS = 4;
/** A call that takes longer than this counts as an error (autocannon's timeout is 10 s too). */
const CALL_TIMEOUT_MS = 10_000;

function tokenServiceConstructor() {
  const definition = protoLoader.loadSync(['tokenledger/v1/token_service.proto'], {
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: false,
    oneofs: true,
    includeDirs: [path.join(REPO_ROOT, 'proto')],
  });
  return grpc.loadPackageDefinition(definition).tokenledger.v1.TokenService;
}

/** Channels to the service; each keeps its own connection (no shared subchannel pool). */
function openChannels(address, count) {
  const TokenService = tokenServiceConstructor();
  return Array.from({ length: count }, () =>
    new TokenService(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }),
  );
}

/** One refresh over gRPC; resolves `{ status, body }` in the chain book's terms (200 or the gRPC code). */
function refreshOnce(client, metadata, refreshToken) {
  return new Promise((resolve) => {
    client.RefreshTokens(
      { authorization_server_id: 'default', refresh_token: refreshToken, scope: SCOPE },
      metadata,
      { deadline: Date.now() + CALL_TIMEOUT_MS },
      (error, answer) => {
        if (error) resolve({ status: `grpc-${error.code}`, body: JSON.stringify({ code: error.code, details: error.details }) });
        else resolve({ status: 200, body: JSON.stringify(answer) });
      },
    );
  });
}

/**
 * Drives every chain for `durationSec` (closed loop) and measures it.
 * @returns figures shaped like the HTTP scenarios' (requests, requestsPerSec, latencyMs, ...).
 */
async function runChains({ book, channels, metadata, durationSec, servicePid }) {
  const latencies = [];
  const statusCounts = {};
  let sent = 0;
  let errors = 0;
  const cpu = cpuMeter(servicePid);
  const startedAt = performance.now();
  const deadline = startedAt + durationSec * 1000;
  let lastAnswerAt = startedAt;

  async function drive(chain, client) {
    while (performance.now() < deadline && chain.broken === null) {
      const token = chain.refreshToken;
      book.send(chain);
      sent++;
      const started = process.hrtime.bigint();
      const { status, body } = await refreshOnce(client, metadata, token);
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      lastAnswerAt = performance.now();
      statusCounts[status] = (statusCounts[status] ?? 0) + 1;
      if (!book.answer(chain, status, body)) errors++;
    }
  }

  await Promise.all(book.chains.map((chain, i) => drive(chain, channels[i % channels.length])));
  const cpuCores = cpu();
  const elapsedMs = lastAnswerAt - startedAt;
  return {
    connections: channels.length,
    concurrentChains: book.chains.length,
    targetDurationSec: durationSec,
    durationSec: round(elapsedMs / 1000),
    requests: latencies.length,
    requestsPerSec: round(latencies.length / (elapsedMs / 1000), 1),
    latencyMs: summarize(latencies),
    statusCounts,
    non2xx: errors,
    unanswered: sent - latencies.length,
    cpuCores,
  };
}

/**
 * @param {{ service, http, secret: string, connections: number, warmupSec: number, durationSec: number, log: Function }} ctx
 */
async function runGrpcRefresh(ctx) {
  const { service, http, secret, connections, warmupSec, durationSec, log } = ctx;
  log(`grpc: issuing ${connections} families`);
  const families = await issueFamilies(http, service, connections, 'grpc-refresh-user');
  const book = new ChainBook(families);
  const counts = () => book.chains.map((c) => c.refreshes);
  const channels = openChannels(service.grpcAddress, GRPC_CHANNELS);
  const metadata = new grpc.Metadata();
  metadata.set('authorization', basicAuth(secret));
  try {
    log(`grpc: warm-up ${warmupSec} s, ${connections} chains over ${channels.length} channels`);
    const beforeWarmup = counts();
    const warmup = await runChains({ book, channels, metadata, durationSec: warmupSec, servicePid: service.child.pid });
    const warmupChains = book.figures(beforeWarmup);
    book.resetCounters();

    log(`grpc: measured ${durationSec} s, ${connections} chains over ${channels.length} channels`);
    const beforeMeasured = counts();
    const measured = await runChains({ book, channels, metadata, durationSec, servicePid: service.child.pid });
    const chains = book.figures(beforeMeasured);

    log('grpc: sanity check of every chain');
    const sanity = await book.sanityCheck((token) => refreshOnce(channels[0], metadata, token));
    return {
      endpoint: 'tokenledger.v1.TokenService/RefreshTokens (rotation, client_secret_basic in metadata)',
      loadGenerator: `@grpc/grpc-js ${require('@grpc/grpc-js/package.json').version} in the bench process, ${channels.length} channels, closed loop`,
      ...measured,
      errors: measured.non2xx + measured.unanswered + chains.reusedTokens + chains.malformedAnswers,
      chains,
      sanity,
      warmup: {
        durationSec: warmup.durationSec,
        requests: warmup.requests,
        requestsPerSec: warmup.requestsPerSec,
        non2xx: warmup.non2xx,
        chains: warmupChains,
      },
    };
  } finally {
    for (const channel of channels) channel.close();
  }
}

module.exports = { runGrpcRefresh };
