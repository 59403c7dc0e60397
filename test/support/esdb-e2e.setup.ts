import { stopTestStores } from './test-store';

// The e2e suites run a second time on the EventStoreDB adapter (see test-store.ts).
process.env.LEDGER_TEST_STORE = 'esdb';
afterAll(async () => {
  await stopTestStores();
});
