import * as path from 'node:path';
import { loadReadModelsConfig } from './read-models.config';

describe('read-model configuration', () => {
  const dataDir = path.resolve('/var/lib/ledger');

  it('defaults: a file in the data directory, no retention, ready within 5 s of lag and no bound in events', () => {
    expect(loadReadModelsConfig({}, dataDir)).toEqual({
      file: path.join(dataDir, 'read-models.db'),
      retentionDays: null,
      readyMaxLagSeconds: 5,
      readyMaxLagEvents: null,
      batchSize: 1000,
      lingerMs: 100,
      batchHoldMs: 0,
    });
  });

  it('reads every variable', () => {
    const env = {
      LEDGER_READ_MODELS: ':memory:',
      LEDGER_READ_MODEL_RETENTION_DAYS: '90',
      LEDGER_READY_MAX_LAG_SECONDS: '30',
      LEDGER_READY_MAX_LAG_EVENTS: '0',
      LEDGER_PROJECTION_BATCH_SIZE: '50',
      LEDGER_PROJECTION_LINGER_MS: '0',
      LEDGER_PROJECTION_BATCH_HOLD_MS: '250',
    };
    expect(loadReadModelsConfig(env, dataDir)).toEqual({ file: ':memory:', retentionDays: 90, readyMaxLagSeconds: 30, readyMaxLagEvents: 0, batchSize: 50, lingerMs: 0, batchHoldMs: 250 });
  });

  it('refuses invalid values, naming the variable', () => {
    expect(() => loadReadModelsConfig({ LEDGER_READ_MODEL_RETENTION_DAYS: '0' }, dataDir)).toThrow(/LEDGER_READ_MODEL_RETENTION_DAYS/);
    expect(() => loadReadModelsConfig({ LEDGER_READY_MAX_LAG_EVENTS: '-1' }, dataDir)).toThrow(/LEDGER_READY_MAX_LAG_EVENTS/);
    expect(() => loadReadModelsConfig({ LEDGER_READY_MAX_LAG_SECONDS: '1.5' }, dataDir)).toThrow(/LEDGER_READY_MAX_LAG_SECONDS/);
    expect(() => loadReadModelsConfig({ LEDGER_PROJECTION_BATCH_SIZE: 'many' }, dataDir)).toThrow(/LEDGER_PROJECTION_BATCH_SIZE/);
    expect(() => loadReadModelsConfig({ LEDGER_PROJECTION_LINGER_MS: '-5' }, dataDir)).toThrow(/LEDGER_PROJECTION_LINGER_MS/);
  });
});
