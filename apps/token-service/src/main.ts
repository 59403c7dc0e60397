// First: V8 settings apply to everything allocated after them.
import './v8-tuning';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createTokenLedgerApp } from './app.factory';
import { loadLedgerConfig } from '@ledger/config';
import { connectGrpc } from './grpc/connect-grpc';

/** Starts the token service on the configured port with the embedded store by default. */
async function main(): Promise<void> {
  const config = loadLedgerConfig();
  const app = await createTokenLedgerApp(config);
  app.enableShutdownHooks();
  connectGrpc(app, config);
  await app.listen({ port: config.port, host: config.host });
  // gRPC takes calls only once the application has started (listen() ran the startup hooks).
  await app.startAllMicroservices();
  const logger = new Logger('TokenLedger');
  logger.log({ msg: 'token ledger listening', url: `http://${config.host}:${config.port}`, grpc: `${config.grpcHost}:${config.grpcPort}`, issuerBaseUrl: config.issuerBaseUrl, dataDir: config.dataDir });
}

main().catch((error: unknown) => {
  // Startup failures (bad configuration, unreachable store) end the process with a clear line.
  new Logger('TokenLedger').error({ msg: 'failed to start', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
