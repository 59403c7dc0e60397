/**
 * Runs the EventStoreDB emulator as a process of its own (for `npm run bench -- --store=emulator`),
 * printing its connection string on the first line of stdout. It stops on SIGTERM or SIGINT.
 * Test tooling only: the product never starts it.
 */
import { startEsdbEmulator } from './index';

void startEsdbEmulator().then((emulator) => {
  process.stdout.write(`${emulator.connectionString}\n`);
  const stop = (): void => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
});
