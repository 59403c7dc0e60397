import * as path from 'node:path';
import { loadLedgerConfig } from './ledger-config';

describe('loadLedgerConfig: configuration coherence', () => {
  it('bounds the registry staleness at 1000 ms by default, and refuses values outside 100..3600000', () => {
    expect(loadLedgerConfig({}).configMaxStalenessMs).toBe(1000);
    expect(loadLedgerConfig({ LEDGER_CONFIG_MAX_STALENESS_MS: '250' }).configMaxStalenessMs).toBe(250);
    expect(() => loadLedgerConfig({ LEDGER_CONFIG_MAX_STALENESS_MS: '99' })).toThrow(/LEDGER_CONFIG_MAX_STALENESS_MS/);
    expect(() => loadLedgerConfig({ LEDGER_CONFIG_MAX_STALENESS_MS: '1.5' })).toThrow(/LEDGER_CONFIG_MAX_STALENESS_MS/);
  });

  it('keeps the registry snapshot beside the read models (this replica’s own), in the data directory for in-memory read models, or nowhere', () => {
    const dataDir = path.resolve('/var/ledger');
    expect(loadLedgerConfig({ LEDGER_DATA_DIR: dataDir }).registrySnapshotFile).toBe(path.join(dataDir, 'configuration-registry.json'));
    expect(loadLedgerConfig({ LEDGER_DATA_DIR: dataDir, LEDGER_READ_MODELS: '/local/rm/read-models.db' }).registrySnapshotFile).toBe(
      path.resolve('/local/rm/configuration-registry.json'),
    );
    expect(loadLedgerConfig({ LEDGER_DATA_DIR: dataDir, LEDGER_READ_MODELS: ':memory:' }).registrySnapshotFile).toBe(path.join(dataDir, 'configuration-registry.json'));
    expect(loadLedgerConfig({ LEDGER_REGISTRY_SNAPSHOT: './snap.json' }).registrySnapshotFile).toBe(path.resolve('snap.json'));
    expect(loadLedgerConfig({ LEDGER_REGISTRY_SNAPSHOT: 'OFF' }).registrySnapshotFile).toBeNull();
  });

  it('serves the console from the repository\'s apps/console/dist, found from the code whatever the working directory, or from CONSOLE_DIR', () => {
    expect(loadLedgerConfig({}).consoleDir).toBe(path.resolve(__dirname, '..', '..', '..', 'apps', 'console', 'dist'));
    expect(loadLedgerConfig({ CONSOLE_DIR: './console-build' }).consoleDir).toBe(path.resolve('console-build'));
  });
});
