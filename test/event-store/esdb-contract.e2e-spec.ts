/**
 * The event-store contract suite against the EventStoreDB adapter: always against the in-repo
 * emulator (a server with BatchAppend and one without), and against a real server when `EVENTSTORE_URL` names one
 * (`docker compose up eventstore`, then `EVENTSTORE_URL=esdb://localhost:2113?tls=false npm test`).
 */
import { EsdbEventStore } from '@ledger/event-store-esdb';
import { describeEventStoreContract, type EventStoreCapabilities } from '@ledger/testing';

import { startEsdbEmulator, type EsdbEmulator, type EsdbEmulatorOptions } from '../esdb-emulator';

/** Streams are removed by `$tb` metadata: `$all` keeps the events until a scavenge. */
const ESDB_CAPABILITIES: EventStoreCapabilities = { removeStreams: 'truncate' };

/** One emulator per configuration for the whole file; each test writes under its own prefix. */
function describeOnEmulator(name: string, options: EsdbEmulatorOptions): void {
  describe(name, () => {
    let emulator: EsdbEmulator;
    beforeAll(async () => {
      emulator = await startEsdbEmulator(options);
    });
    afterAll(async () => {
      await emulator.stop();
    });

    describeEventStoreContract(`EventStoreDB emulator, ${name}`, async () => ({
      store: await EsdbEventStore.connect({ connectionString: emulator.connectionString }),
    }), ESDB_CAPABILITIES);
  });
}

// The adapter appends through the unary `Append` on both (see LedgerEsdbClient).
describeOnEmulator('a current server, which offers BatchAppend', {});
describeOnEmulator('a 22.10 server without BatchAppend or caughtUp', { batchAppend: false, serverVersion: '22.10.0' });

const realServer = process.env.EVENTSTORE_URL;
if (realServer) {
  describeEventStoreContract('EventStoreDB server at EVENTSTORE_URL', async () => ({
    store: await EsdbEventStore.connect({ connectionString: realServer }),
  }), ESDB_CAPABILITIES);
}
