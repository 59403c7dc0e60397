import { startEsdbEmulator, type EsdbEmulator } from '../esdb-emulator';

/**
 * Which event store the e2e suites run on. `LEDGER_TEST_STORE=esdb` (set by the `e2e-esdb` jest
 * project) runs the same suites a second time on the EventStoreDB adapter against the in-repo
 * emulator; anything else uses the embedded SQLite store. One emulator per data directory, so a
 * suite that restarts a ledger on the same data directory finds its events again, as it would
 * against a real server.
 */
const emulators = new Map<string, Promise<EsdbEmulator>>();

/** Environment that points a ledger at the store under test (empty for the embedded store). */
export async function testStoreEnv(
  dataDir: string,
  given: { env?: Record<string, string>; eventStore?: unknown },
): Promise<Record<string, string>> {
  if (process.env.LEDGER_TEST_STORE !== 'esdb' || given.eventStore || given.env?.EVENTSTORE_URL) return {};
  let emulator = emulators.get(dataDir);
  if (!emulator) {
    emulator = startEsdbEmulator();
    emulators.set(dataDir, emulator);
  }
  return { EVENTSTORE_URL: (await emulator).connectionString };
}

/** Stops every emulator this test file started (registered by the e2e-esdb setup file). */
export async function stopTestStores(): Promise<void> {
  const all = [...emulators.values()];
  emulators.clear();
  await Promise.all(all.map(async (e) => (await e).stop()));
}
