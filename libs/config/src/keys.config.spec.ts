import * as path from 'node:path';
import { assertSharedKeysConfigured, KEY_GENERATION_COMMAND, loadKeysConfig } from './keys.config';
import { loadLedgerConfig } from './ledger-config';

describe('key configuration', () => {
  const dataDir = path.resolve('/var/lib/ledger');
  const kek = Buffer.alloc(32, 5).toString('base64url');

  it('generates the key-encryption key into the data directory when neither variable is set', () => {
    expect(loadKeysConfig({}, dataDir)).toEqual({ keyEncryptionKey: { kind: 'generated', file: path.join(dataDir, 'key-encryption.key') }, previousKeyEncryptionKeys: [] });
  });

  it('takes the key from LEDGER_KEY_ENCRYPTION_KEY or the file LEDGER_KEY_ENCRYPTION_KEY_FILE names, and the previous keys comma-separated', () => {
    expect(loadKeysConfig({ LEDGER_KEY_ENCRYPTION_KEY: ` ${kek} `, LEDGER_PREVIOUS_KEY_ENCRYPTION_KEYS: ' a, b ,,' }, dataDir)).toEqual({
      keyEncryptionKey: { kind: 'env', value: kek },
      previousKeyEncryptionKeys: ['a', 'b'],
    });
    expect(loadKeysConfig({ LEDGER_KEY_ENCRYPTION_KEY_FILE: '/run/secrets/kek' }, dataDir).keyEncryptionKey).toEqual({ kind: 'file', file: path.resolve('/run/secrets/kek') });
  });

  it('refuses both forms at once without echoing the key', () => {
    const both = () => loadKeysConfig({ LEDGER_KEY_ENCRYPTION_KEY: kek, LEDGER_KEY_ENCRYPTION_KEY_FILE: '/k' }, dataDir);
    expect(both).toThrow('set LEDGER_KEY_ENCRYPTION_KEY or LEDGER_KEY_ENCRYPTION_KEY_FILE, not both');
    expect(both).not.toThrow(kek);
  });

  it('on EventStoreDB, fails the start unless both shared keys are given, saying how to make one', () => {
    const esdb = { EVENTSTORE_URL: 'esdb://127.0.0.1:2113?tls=false', LEDGER_DATA_DIR: dataDir };
    const missingBoth = () => assertSharedKeysConfigured(loadLedgerConfig(esdb));
    expect(missingBoth).toThrow('LEDGER_KEY_ENCRYPTION_KEY (or LEDGER_KEY_ENCRYPTION_KEY_FILE) and LEDGER_TOKEN_KEY');
    expect(missingBoth).toThrow(KEY_GENERATION_COMMAND);
    expect(() => assertSharedKeysConfigured(loadLedgerConfig({ ...esdb, LEDGER_TOKEN_KEY: kek }))).toThrow(/same LEDGER_KEY_ENCRYPTION_KEY \(or LEDGER_KEY_ENCRYPTION_KEY_FILE\): /);
    expect(() => assertSharedKeysConfigured(loadLedgerConfig({ ...esdb, LEDGER_KEY_ENCRYPTION_KEY_FILE: '/k' }))).toThrow(/same LEDGER_TOKEN_KEY: /);
    expect(() => assertSharedKeysConfigured(loadLedgerConfig({ ...esdb, LEDGER_TOKEN_KEY: kek, LEDGER_KEY_ENCRYPTION_KEY: kek }))).not.toThrow();
  });

  it('on the embedded store, generates them', () => {
    expect(() => assertSharedKeysConfigured(loadLedgerConfig({ LEDGER_DATA_DIR: dataDir }))).not.toThrow();
  });
});
