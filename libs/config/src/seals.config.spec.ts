import * as path from 'node:path';
import { loadSealsConfig } from './seals.config';

describe('seal configuration', () => {
  const readModels = path.resolve('/var/lib/ledger/read-models.db');

  it('seals every second, checks hourly, signs with the recorded key, and keeps the tree beside the read models', () => {
    expect(loadSealsConfig({}, readModels)).toEqual({
      intervalMs: 1000,
      integrityCheckIntervalMs: 3_600_000,
      sealingKey: null,
      merkleTreeFile: path.resolve('/var/lib/ledger/merkle-tree.db'),
    });
    expect(loadSealsConfig({}, ':memory:').merkleTreeFile).toBe(':memory:');
  });

  it('gives each read-model file its own tree, so two replicas with two read-model files in one directory never share one', () => {
    expect(loadSealsConfig({}, path.resolve('/d/read-models-b.db')).merkleTreeFile).toBe(path.resolve('/d/read-models-b.merkle-tree.db'));
    expect(loadSealsConfig({}, path.resolve('/d/rm')).merkleTreeFile).toBe(path.resolve('/d/rm.merkle-tree.db'));
  });

  it('takes the intervals (0 turns each off) and the key from LEDGER_SEALING_KEY or the file LEDGER_SEALING_KEY_FILE names', () => {
    const jwk = '{"kty":"OKP","crv":"Ed25519","x":"x","d":"d"}';
    expect(loadSealsConfig({ LEDGER_SEAL_INTERVAL_MS: '0', LEDGER_INTEGRITY_CHECK_INTERVAL_MS: '0', LEDGER_SEALING_KEY: ` ${jwk} ` }, readModels)).toMatchObject({
      intervalMs: 0,
      integrityCheckIntervalMs: 0,
      sealingKey: { kind: 'env', value: jwk },
    });
    expect(loadSealsConfig({ LEDGER_SEALING_KEY_FILE: '/run/secrets/seal' }, readModels).sealingKey).toEqual({ kind: 'file', file: path.resolve('/run/secrets/seal') });
  });

  it('refuses both forms of the key at once without echoing it, and an interval out of range', () => {
    const both = () => loadSealsConfig({ LEDGER_SEALING_KEY: 'secret-jwk', LEDGER_SEALING_KEY_FILE: '/k' }, readModels);
    expect(both).toThrow('set LEDGER_SEALING_KEY or LEDGER_SEALING_KEY_FILE, not both');
    expect(both).not.toThrow('secret-jwk');
    expect(() => loadSealsConfig({ LEDGER_SEAL_INTERVAL_MS: '-1' }, readModels)).toThrow('LEDGER_SEAL_INTERVAL_MS must be an integer');
  });
});
