import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createTokenLedgerApp } from './app.factory';
import { loadLedgerConfig } from './config/ledger-config';

/** Starts the token service on the configured port with the embedded store by default. */
async function main(): Promise<void> {
  const config = loadLedgerConfig();
  const app = await createTokenLedgerApp(config);
  app.enableShutdownHooks();
  await app.listen({ port: config.port, host: config.host });
  const logger = new Logger('TokenLedger');
  logger.log({ msg: 'token ledger listening', url: `http://${config.host}:${config.port}`, issuerBaseUrl: config.issuerBaseUrl, dataDir: config.dataDir });
}

main().catch((error: unknown) => {
  // Startup failures (bad configuration, unreachable store) end the process with a clear line.
  new Logger('TokenLedger').error({ msg: 'failed to start', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
