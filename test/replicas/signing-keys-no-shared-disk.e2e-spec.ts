/**
 * Issue 16 item 6: two replica processes on one EventStoreDB (the in-repo emulator), each with
 * its own data directory and nothing shared on disk, only the key-encryption key and the
 * refresh-token key they are given. Private signing keys reach the second replica wrapped in
 * their events, so it signs with the key the first one created or rotated to, and neither data
 * directory ever holds a private key (the harness checks every file when a replica is killed).
 */
import { decodeProtectedHeader } from 'jose';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEsdbEmulator, type EsdbEmulator } from '../esdb-emulator';
import { spawnLedger, waitUntilListening, type ChildLedger } from '../support/child-ledger';
import { ADMIN_TOKEN, freePort, TEST_CLIENTS } from '../support/ledger-harness';
import { filesHoldingPrivateKeys } from '../support/private-keys-on-disk';
import { introspect, issueFamily, refresh } from '../support/token-flows';

const client = TEST_CLIENTS.rotate30;

describe('two replica processes with their own data directories share signing keys through the store only', () => {
  let emulator: EsdbEmulator;
  let a: ChildLedger;
  let b: ChildLedger;

  beforeAll(async () => {
    emulator = await startEsdbEmulator();
    const env = { EVENTSTORE_URL: emulator.connectionString };
    a = spawnLedger({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-kek-a-')), port: await freePort(), env });
    await waitUntilListening(a);
    // Replicas behind one load balancer share the public issuer.
    b = spawnLedger({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-kek-b-')), port: await freePort(), env: { ...env, LEDGER_ISSUER_BASE_URL: a.baseUrl } });
    await waitUntilListening(b);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.kill(), b?.kill()]);
    await emulator?.stop();
  });

  it('the second replica signs with the key the first created, and with the one it rotated to, unwrapped from the events', async () => {
    const fromA = await issueFamily(a, client.id);
    const firstKid = decodeProtectedHeader(fromA.access_token).kid;
    expect(decodeProtectedHeader((await issueFamily(b, client.id)).access_token).kid).toBe(firstKid);

    const rotated = await fetch(`${a.baseUrl}/api/v1/authorizationServers/default/credentials/lifecycle/keyRotate`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(rotated.status).toBe(200);
    const newKid = ((await rotated.json()) as { kid: string }).kid;
    expect(newKid).not.toBe(firstKid);
    const afterRotation = await issueFamily(a, client.id);
    expect(decodeProtectedHeader(afterRotation.access_token).kid).toBe(newKid);

    // B learns of the new key from the token that names it, and can sign with it at once.
    expect((await introspect(b, client, afterRotation.access_token)).body).toMatchObject({ active: true });
    const refreshedOnB = await refresh(b, client, fromA.refresh_token!);
    expect(refreshedOnB.status).toBe(200);
    expect(decodeProtectedHeader(refreshedOnB.body.access_token).kid).toBe(newKid);

    for (const replica of [a, b]) {
      expect(fs.readdirSync(replica.dataDir).filter((name) => /keys|key-encryption|refresh-token/.test(name))).toEqual([]);
      expect(filesHoldingPrivateKeys(replica.dataDir)).toEqual([]);
    }
  });
});
