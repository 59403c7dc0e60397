import { tokenFamilyStreamName } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-sourcing';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnLedger, waitUntilListening, type ChildLedger } from '../support/child-ledger';
import { basic, type HttpResult } from '../support/http';
import { ADMIN_TOKEN, freePort, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import type { TokenBody } from '../support/token-flows';
import { jwtClaims, range, refreshedData, refreshTokenParts, revisionsOf } from '../support/token-parts';

jest.setTimeout(60_000);

/** Kill, restart and recover this many times on the same data directory. */
const ROUNDS = 3;
/** Token families, each driven by one sequential refresh chain. */
const FAMILIES = 50;
/** Kill once this many refreshes were acknowledged, plus a random 0..100 so the moment varies. */
const MIN_ACKS_BEFORE_KILL = 250;
/** The kill lands this many milliseconds (at most, chosen at random) after the threshold ack. */
const KILL_JITTER_MS = 40;
/** ROTATE with a 30 s leeway: a rotation committed but never acknowledged is recovered by a retry. */
const CLIENT = TEST_CLIENTS.rotate30;
const LEEWAY_MS = 30_000;
/** A single request that takes this long means the service hung: fail instead of waiting for Jest. */
const REQUEST_TIMEOUT_MS = 15_000;

/** One acknowledged refresh: the token presented and what the 200 handed back. */
interface Ack {
  readonly presented: string;
  readonly refreshToken: string;
  readonly accessJti: string;
  /** Set on the first refresh after a restart: the index of the kill it recovered from. */
  readonly recoveryOf?: number;
}

interface Chain {
  readonly index: number;
  readonly familyId: string;
  /** The refresh token returned by the last acknowledged 200 (the issued one at first). */
  lastAcked: string;
  inFlight: boolean;
  readonly acks: Ack[];
}

/** What the load saw at the moment of a kill. */
interface KillMoment {
  readonly at: number;
  readonly acked: number;
  /** Chains with a refresh sent but not answered when SIGKILL went out. */
  readonly inFlight: ReadonlySet<number>;
}

/** Numbers of one kill round, for the log line. */
interface RoundReport {
  readonly killAfter: number;
  readonly ackedAtKill: number;
  readonly ackedAfterKillSignal: number;
  readonly inFlightAtKill: number;
  restartedAfterMs?: number;
  recoveredByLeewayRetry?: number;
}

/**
 * SPEC §4: "events acknowledged to a caller survive a crash of the process (`kill -9`) and a
 * restart". The service runs from source in a child process on its real SQLite file; 50 refresh
 * chains run concurrently and the child is SIGKILLed at a random moment (after 250..350
 * acknowledged refreshes of the round, plus 0..40 ms) while other refreshes are in flight. After
 * a restart on the same data directory and port, every chain's last acknowledged token must
 * refresh (200): either nothing more committed for that family, or an in-flight rotation
 * committed without its answer reaching the client, and then the acknowledged token is the
 * "immediately previous" one, inside the leeway (SPEC §5), and gets the same successor.
 * This is done for {@link ROUNDS} kills in a row on the same file (the lost-answer case needs the
 * kill to land between a COMMIT and its answer, so more kills make it likelier to occur), then
 * every acknowledged refresh must be in the log, as the very event it answered.
 *
 * SIGKILL loses the process, not the OS page cache: this proves the commit protocol (an answer
 * only after COMMIT), not the fsync.
 */
describe('kill -9 during refresh load', () => {
  let dataDir: string;
  const children: ChildLedger[] = [];
  let reader: TestLedger | undefined;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-crash-'));
  });

  afterAll(async () => {
    // Whatever happened above, no child outlives the suite.
    await Promise.all(children.map((child) => child.kill()));
    await reader?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function boot(port: number): Promise<ChildLedger> {
    const child = spawnLedger({ dataDir, port });
    children.push(child);
    await waitUntilListening(child);
    return child;
  }

  /**
   * The check after each restart: every chain's last acknowledged token refreshes with 200 and
   * yields its one successor, whether it was still current (a plain rotation) or an unanswered
   * rotation had committed (a leeway retry). Returns how long after the kill it ran.
   */
  async function recover(child: ChildLedger, chains: Chain[], kills: readonly KillMoment[]): Promise<number> {
    const restartedAfterMs = Date.now() - kills[kills.length - 1].at;
    // A precondition of the leeway argument, not of durability: if this fails the machine was
    // too slow to restart within the leeway, and a 400 below would mean nothing.
    expect(restartedAfterMs).toBeLessThan(LEEWAY_MS - 5_000);
    const results = await Promise.all(chains.map((chain) => refreshAt(child.baseUrl, chain.lastAcked)));
    expect(results.map((r, i) => [i, r.status, r.status === 200 ? '' : r.text])).toEqual(chains.map((_, i) => [i, 200, '']));
    expect(results.map((r) => refreshTokenParts(r.body.refresh_token!).id)).toEqual(chains.map((c) => successorId(c.lastAcked)));
    results.forEach((r, i) => {
      const chain = chains[i];
      chain.acks.push({
        presented: chain.lastAcked,
        refreshToken: r.body.refresh_token!,
        accessJti: String(jwtClaims(r.body.access_token).jti),
        recoveryOf: kills.length - 1,
      });
      chain.lastAcked = r.body.refresh_token!;
    });
    return restartedAfterMs;
  }

  it('keeps every acknowledged refresh and every chain usable across SIGKILL and restarts', async () => {
    const port = await freePort();
    let child = await boot(port);
    const issued = await Promise.all(range(FAMILIES).map((i) => issueFamilyAt(child.baseUrl, `user${i}@example.com`)));
    const chains: Chain[] = issued.map((body, index) => ({
      index,
      familyId: refreshTokenParts(body.refresh_token!).familyId,
      lastAcked: body.refresh_token!,
      inFlight: false,
      acks: [],
    }));
    const countAcks = () => chains.reduce((n, c) => n + c.acks.length, 0);

    const kills: KillMoment[] = [];
    const rounds: RoundReport[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) {
        child = await boot(port);
        rounds[round - 1].restartedAfterMs = await recover(child, chains, kills);
      }
      const acksBefore = countAcks();
      const killAfter = MIN_ACKS_BEFORE_KILL + Math.floor(Math.random() * 101);
      const { kill, failures } = await driveUntilKilled(child, chains, killAfter);
      expect(failures).toEqual([]);
      expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
      kills.push(kill!);
      rounds.push({
        killAfter,
        ackedAtKill: kill!.acked,
        ackedAfterKillSignal: countAcks() - acksBefore - kill!.acked,
        inFlightAtKill: kill!.inFlight.size,
      });
    }
    child = await boot(port);
    rounds[ROUNDS - 1].restartedAfterMs = await recover(child, chains, kills);
    // The last answers are acknowledgements too: crash this process as well before reading.
    expect(await child.kill()).toEqual({ code: null, signal: 'SIGKILL' });

    // Read the log through the app's own store, once no child holds the file.
    reader = await startLedger({ dataDir, clock: 'system' });
    const problems: string[] = [];
    const recoveredByRetry = kills.map(() => 0);
    for (const chain of chains) {
      const events = await reader.store.readStream(tokenFamilyStreamName(chain.familyId));
      for (const k of checkChain(chain, kills, events, problems)) recoveredByRetry[k] += 1;
    }
    expect(problems).toEqual([]);

    if (process.env.LEDGER_TEST_LOGS) {
      rounds.forEach((r, i) => (r.recoveredByLeewayRetry = recoveredByRetry[i]));
      process.stderr.write(`${JSON.stringify({ totalAcked: countAcks(), rounds })}\n`);
    }
  });
});

/**
 * Runs every chain until the kill: each refreshes the token of its last acknowledged 200. The
 * ack that reaches `killAfter` arms a SIGKILL 0..{@link KILL_JITTER_MS} ms later, with the load
 * still running, so the other chains' requests are in flight when it lands. Connection failures
 * after the kill are expected and end the chain; anything else is a failure. An answer read
 * after the kill was still sent by the server before it died, so it counts as acknowledged.
 */
async function driveUntilKilled(
  child: ChildLedger,
  chains: Chain[],
  killAfter: number,
): Promise<{ kill: KillMoment | undefined; failures: string[] }> {
  let acked = 0;
  let kill: KillMoment | undefined;
  const failures: string[] = [];

  const drive = async (chain: Chain): Promise<void> => {
    while (!kill) {
      chain.inFlight = true;
      const outcome = await refreshAt(child.baseUrl, chain.lastAcked).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      chain.inFlight = false;
      if ('error' in outcome) {
        if (!kill) failures.push(`chain ${chain.index}: request failed before the kill: ${String(outcome.error)}`);
        return;
      }
      const { result } = outcome;
      if (result.status !== 200 || typeof result.body.refresh_token !== 'string') {
        failures.push(`chain ${chain.index}: ${result.status} ${result.text}`);
        return;
      }
      chain.acks.push({
        presented: chain.lastAcked,
        refreshToken: result.body.refresh_token,
        accessJti: String(jwtClaims(result.body.access_token).jti),
      });
      chain.lastAcked = result.body.refresh_token;
      acked += 1;
      if (acked === killAfter) {
        // Not on this ack's tick, when the server has just flushed a batch of answers, but a
        // random few milliseconds later, while it is deciding, committing and signing the next
        // ones: that is where a rotation commits without its answer getting out.
        setTimeout(() => {
          kill = { at: Date.now(), acked, inFlight: new Set(chains.filter((c) => c.inFlight).map((c) => c.index)) };
          child.process.kill('SIGKILL');
        }, Math.floor(Math.random() * KILL_JITTER_MS));
      }
    }
  };

  await Promise.all(chains.map(drive));
  if (!kill) failures.push(`the load stopped after ${acked} acknowledged refreshes, before the kill at ${killAfter}`);
  return { kill, failures };
}

/**
 * Checks one family's log after the crashes. Appends a readable line to `problems` for each
 * violation, and returns the kills this chain recovered from by a leeway retry (an in-flight
 * rotation that committed without its answer).
 */
function checkChain(chain: Chain, kills: readonly KillMoment[], events: RecordedEvent[], problems: string[]): number[] {
  const where = `chain ${chain.index} (${chain.familyId})`;
  if (revisionsOf(events).join() !== range(events.length).join()) {
    problems.push(`${where}: revisions ${revisionsOf(events).join()} are not 0..${events.length - 1}`);
  }
  const types = events.map((e) => e.type);
  if (types[0] !== 'TokenIssued' || types.slice(1).some((t) => t !== 'TokenRefreshed')) {
    problems.push(`${where}: unexpected event types ${types.join(', ')}`);
    return [];
  }
  const refreshed = events.slice(1).map(refreshedData);
  // One lineage: rotations number 1..n in log order (retries repeat the current generation).
  const rotations = refreshed.filter((d) => !d.leewayRetry).map((d) => d.generation);
  if (rotations.join() !== range(rotations.length).map((i) => i + 1).join()) {
    problems.push(`${where}: rotations ${rotations.join()} are not 1..${rotations.length}`);
  }

  // Every acknowledged refresh is in the log, as the event that produced its answer.
  const byJti = new Map(refreshed.map((d) => [d.accessToken.jti, d]));
  for (const ack of chain.acks) {
    const event = byJti.get(ack.accessJti);
    const token = refreshTokenParts(ack.refreshToken);
    if (!event) problems.push(`${where}: acknowledged refresh to ${token.id} is missing from the log`);
    else if (event.refreshToken.id !== token.id || event.generation !== token.sequence) {
      problems.push(`${where}: ack of ${token.id} recorded as ${event.refreshToken.id} generation ${event.generation}`);
    }
  }

  // What committed without an answer must be exactly the rotations that a recovery then
  // retried inside the leeway, each the request this chain had in flight at that kill.
  const ackedJtis = new Set(chain.acks.map((a) => a.accessJti));
  const lost = refreshed
    .filter((d) => !ackedJtis.has(d.accessToken.jti))
    .map((d) => `${d.refreshToken.id}${d.leewayRetry ? ' (leeway retry)' : ''}`);
  const retried: string[] = [];
  const recoveredFrom: number[] = [];
  for (const ack of chain.acks) {
    const event = byJti.get(ack.accessJti);
    if (ack.recoveryOf === undefined || !event?.leewayRetry) continue;
    retried.push(event.refreshToken.id);
    recoveredFrom.push(ack.recoveryOf);
    if (!kills[ack.recoveryOf].inFlight.has(chain.index)) {
      problems.push(`${where}: recovery ${ack.recoveryOf} was a leeway retry, but nothing was in flight at that kill`);
    }
  }
  if (lost.join() !== retried.join()) {
    problems.push(`${where}: unacknowledged events [${lost.join(', ')}] but leeway recoveries to [${retried.join(', ')}]`);
  }
  return recoveredFrom;
}

/** `<familyId>.<sequence + 1>`: the id of the token a rotation of `token` hands out. */
function successorId(token: string): string {
  const { familyId, sequence } = refreshTokenParts(token);
  return `${familyId}.${sequence + 1}`;
}

/** Issues a family through the trusted issuance API of a child process (SPEC §6.2). */
async function issueFamilyAt(baseUrl: string, sub: string): Promise<TokenBody> {
  const result = await post(
    `${baseUrl}/api/v1/authorizationServers/default/tokens`,
    { client_id: CLIENT.id, sub, scope: 'openid offline_access' },
    `Bearer ${ADMIN_TOKEN}`,
  );
  if (result.status !== 200 || !result.body.refresh_token) throw new Error(`issuance failed: ${result.status} ${result.text}`);
  return result.body;
}

/** `grant_type=refresh_token` against a child process, with a timeout so a hang fails clearly. */
function refreshAt(baseUrl: string, refreshToken: string): Promise<HttpResult<TokenBody>> {
  return post(`${baseUrl}/oauth2/default/v1/token`, { grant_type: 'refresh_token', refresh_token: refreshToken }, basic(CLIENT.id, CLIENT.secret));
}

async function post(url: string, form: Record<string, string>, authorization: string): Promise<HttpResult<TokenBody>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as TokenBody, text };
}
