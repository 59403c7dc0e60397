import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SteppableClock, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { issueFamily, refresh } from '../support/token-flows';
import { refreshTokenParts } from '../support/token-parts';
import { audit } from './audit-client';
import { checkConsistency, checkInclusion, latest, NO_TIMER, sealNow, verifiedPayload, type Seal } from './seal-client';

const MINUTE = 60_000;

/**
 * Issue 17, item 1: the service seals its log (signed RFC 9162 tree heads, chained), and an
 * auditor checks a seal's signature with the published keys, an event's inclusion and a newer
 * seal's consistency with an older one, with a verifier written from the RFC, across a restart.
 */
describe('seals: signed Merkle tree heads over the log', () => {
  const client = TEST_CLIENTS.rotate30;
  let dataDir: string;
  let clock: SteppableClock;
  let ledger: TestLedger | undefined;
  let firstSeal: Seal;
  let beforeRestart: Seal;
  let familyStream: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-seals-'));
    clock = new SteppableClock();
  });

  afterEach(async () => {
    await ledger?.close();
    ledger = undefined;
  });

  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('seals at start, then each new batch of events; the seal verifies with the published keys and chains to the one before', async () => {
    ledger = await startLedger({ clock, dataDir, env: NO_TIMER });
    firstSeal = await latest(ledger);
    expect(firstSeal).toMatchObject({ treeSize: expect.any(Number), previousSealHash: null, sealedAt: clock.now() });
    expect(firstSeal.treeSize).toBeGreaterThan(0);

    const issued = await issueFamily(ledger, client.id);
    familyStream = `tokenFamily-${refreshTokenParts(issued.refresh_token!).familyId}`;
    clock.advance(MINUTE);
    const refreshed = await refresh(ledger, client, issued.refresh_token!);
    expect(refreshed.status).toBe(200);
    await issueFamily(ledger, client.id, { sub: 'bob@example.com' });
    await sealNow(ledger);

    const second = await latest(ledger);
    const events = await ledger.allEvents();
    const leaves = events.filter((e) => e.streamName !== 'ledgerSeals');
    expect(second).toMatchObject({ treeSize: leaves.length, previousSealHash: firstSeal.sealHash, sealedAt: clock.now(), revision: '1' });
    expect(second.lastPosition).toEqual({ commit: leaves[leaves.length - 1].position.commit.toString(), prepare: leaves[leaves.length - 1].position.prepare.toString() });
    const { jws: _jws, revision: _r, sealHash: _h, position: _p, ...signed } = second as Seal & { position: unknown };
    expect(await verifiedPayload(ledger, second)).toEqual(signed);

    // Nothing new: no seal.
    await sealNow(ledger);
    expect((await latest(ledger)).revision).toBe('1');
  });

  it('proves several events included in the newest seal, and the newest seal consistent with the first', async () => {
    ledger = await startLedger({ clock, dataDir, env: NO_TIMER });
    const seal = await latest(ledger);
    const family = await ledger.store.readStream(familyStream);
    const all = await ledger.allEvents();
    const picks = [all[0], ...family, all.filter((e) => e.streamName !== 'ledgerSeals').at(-1)!];
    for (const event of picks) {
      const body = await checkInclusion(ledger, event.position.commit.toString(), seal);
      expect(JSON.parse(body.leafInput)).toMatchObject({ streamName: event.streamName, revision: event.revision.toString(), type: event.type, position: { commit: event.position.commit.toString() } });
    }
    await checkConsistency(ledger, firstSeal, seal);
    // The service's own verifier agrees, and says nothing is unsealed.
    const verified = await audit(ledger, 'POST', '/api/v1/audit/verify');
    expect(verified.body).toMatchObject({
      ok: true,
      stream: null,
      seals: { ok: true, checked: Number(seal.revision) + 1, latest: { treeSize: seal.treeSize, rootHash: seal.rootHash } },
      removed: { recorded: 0 },
      // Only the embedded store's positions are dense enough to show a deletion as a gap.
      gaps: { checked: process.env.LEDGER_TEST_STORE !== 'esdb', ok: true, missing: 0 },
      unsealed: { leaves: 0 },
    });
  });

  it('a restart keeps extending the same tree: a seal after it is consistent with one before it', async () => {
    ledger = await startLedger({ clock, dataDir, env: NO_TIMER });
    beforeRestart = await latest(ledger);
    const before = await checkInclusion(ledger, (await ledger.store.readStream(familyStream))[0].position.commit.toString(), beforeRestart);
    await issueFamily(ledger, client.id, { sub: 'carol@example.com' });
    await ledger.close();
    ledger = undefined;

    // The graceful shutdown sealed the new family already.
    ledger = await startLedger({ clock, dataDir, env: NO_TIMER });
    const afterRestart = await latest(ledger);
    expect(afterRestart.treeSize).toBeGreaterThan(beforeRestart.treeSize);
    await checkConsistency(ledger, beforeRestart, afterRestart);
    await checkConsistency(ledger, firstSeal, afterRestart);
    const after = await checkInclusion(ledger, (await ledger.store.readStream(familyStream))[0].position.commit.toString(), afterRestart);
    expect(after.leafIndex).toBe(before.leafIndex);
  });

  it('answers 400 for malformed sizes and positions, 404 for a position that is no event', async () => {
    ledger = await startLedger({ clock, dataDir, env: NO_TIMER });
    const seal = await latest(ledger);
    for (const query of ['from=0&to=1', 'from=x&to=2', `from=2&to=1`, `from=1&to=${seal.treeSize + 1}`, 'to=2']) {
      const answer = await audit(ledger, 'GET', `/api/v1/audit/seals/consistency?${query}`);
      expect({ query, status: answer.status }).toEqual({ query, status: 400 });
    }
    expect((await audit(ledger, 'GET', '/api/v1/audit/events/abc/proof')).status).toBe(400);
    expect((await audit(ledger, 'GET', `/api/v1/audit/events/1/proof?treeSize=${seal.treeSize + 1}`)).status).toBe(400);
    const unknown = await audit(ledger, 'GET', '/api/v1/audit/events/999999999/proof');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ errorCode: 'E0000007' });
    expect((await audit(ledger, 'GET', '/api/v1/audit/seals/latest', { credential: null })).status).toBe(401);
  });

  it('seals on its timer when new events arrive', async () => {
    ledger = await startLedger({ clock, dataDir, env: { LEDGER_SEAL_INTERVAL_MS: '20' } });
    const start = await latest(ledger);
    await issueFamily(ledger, client.id, { sub: 'dave@example.com' });
    const count = (await ledger.allEvents()).filter((e) => e.streamName !== 'ledgerSeals').length;
    let seal = start;
    while (seal.treeSize < count) seal = await latest(ledger);
    expect(seal.treeSize).toBe(count);
    await checkConsistency(ledger, start, seal);
  });

});
