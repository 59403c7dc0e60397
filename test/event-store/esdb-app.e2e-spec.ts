/**
 * The real app on EventStoreDB: `EVENTSTORE_URL` selects the adapter (here pointed at the
 * emulator), the token flows work end to end, the configuration registry follows the log
 * across a dropped subscription, and an unreachable server fails the start clearly.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { EsdbEventStore } from '@ledger/event-store-esdb';
import { withTimeout } from '@ledger/testing';

import { startEsdbEmulator, type EsdbEmulator } from '../esdb-emulator';
import { spawnLedger } from '../support/child-ledger';
import { send } from '../support/http';
import { ADMIN_TOKEN, freePort, startLedger, TEST_CLIENTS, type TestLedger } from '../support/ledger-harness';
import { introspect, issueFamily, refresh, revoke } from '../support/token-flows';

describe('token ledger on EventStoreDB (EVENTSTORE_URL)', () => {
  let emulator: EsdbEmulator;
  let ledger: TestLedger;

  beforeAll(async () => {
    emulator = await startEsdbEmulator();
    ledger = await startLedger({ env: { EVENTSTORE_URL: emulator.connectionString } });
  });
  afterAll(async () => {
    await ledger?.close();
    await emulator?.stop();
  });

  it('keeps its events in EventStoreDB', async () => {
    expect(ledger.store).toBeInstanceOf(EsdbEventStore);
    const events = await ledger.allEvents();
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['ClientRegistered', 'AuthorizationServerCreated']));
    // Nothing went to the embedded store.
    expect(fs.existsSync(path.join(ledger.dataDir, 'events.db'))).toBe(false);
  });

  it('issues, refreshes, introspects and revokes a family', async () => {
    const issued = await issueFamily(ledger, TEST_CLIENTS.rotate30.id);
    const refreshed = await refresh(ledger, TEST_CLIENTS.rotate30, issued.refresh_token!);
    expect(refreshed.status).toBe(200);
    expect((await introspect(ledger, TEST_CLIENTS.rotate30, refreshed.body.refresh_token!)).body.active).toBe(true);
    expect((await revoke(ledger, TEST_CLIENTS.rotate30, refreshed.body.refresh_token!)).status).toBe(200);
    expect((await introspect(ledger, TEST_CLIENTS.rotate30, refreshed.body.access_token)).body).toEqual({ active: false });
    expect((await refresh(ledger, TEST_CLIENTS.rotate30, refreshed.body.refresh_token!)).status).toBe(400);
  });

  it('keeps the configuration registry live across a dropped subscription', async () => {
    expect(emulator.dropAllSubscriptions()).toBeGreaterThanOrEqual(1);

    // A management write answers only once this replica's registry has applied it, which it
    // learns from its subscription: the write completing proves the subscription came back.
    const created = await send(`${ledger.baseUrl}/api/v1/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ client_name: 'After the drop', grant_types: ['client_credentials'] }),
    });

    expect(created.status).toBe(201);
    expect(ledger.logs.lines.some((line) => line.includes('subscription dropped; resubscribing'))).toBe(true);
  });
});

describe('start-up with an unreachable EventStoreDB', () => {
  it('exits with a message naming the host and not the password', async () => {
    const unreachable = await freePort();
    const child = spawnLedger({
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-esdb-unreachable-')),
      port: await freePort(),
      env: { EVENTSTORE_URL: `esdb://admin:s3cret@127.0.0.1:${unreachable}?tls=false` },
    });

    const exit = await withTimeout(child.exited, 30_000, 'the service to give up').finally(() => child.kill());

    expect(exit.code).toBe(1);
    expect(child.output()).toContain(`cannot reach EventStoreDB at 127.0.0.1:${unreachable}`);
    expect(child.output()).not.toContain('s3cret');
  }, 40_000);
});
