import { loadLedgerConfig } from '@ledger/config';
import { LocalKeyEncryptionKey } from '@ledger/token-crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadKeyEncryptionKeys } from './key-encryption-keys';

describe('loadKeyEncryptionKeys', () => {
  const kek = Buffer.alloc(32, 1).toString('base64url');
  const previous = Buffer.alloc(32, 2).toString('base64url');
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-kek-'));
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const load = (env: Record<string, string>) => loadKeyEncryptionKeys(loadLedgerConfig({ LEDGER_DATA_DIR: dataDir, ...env }));

  it('generates one KEK into <dataDir>/key-encryption.key (0600) on first use and reads the same one afterwards', () => {
    const first = load({});
    const file = path.join(dataDir, 'key-encryption.key');
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url')).toHaveLength(32);
    expect(load({}).current.id).toBe(first.current.id);
    expect(first.previous).toEqual([]);
  });

  it('takes LEDGER_KEY_ENCRYPTION_KEY, or the file LEDGER_KEY_ENCRYPTION_KEY_FILE names, and writes nothing', () => {
    const expected = LocalKeyEncryptionKey.fromBase64url(kek, 'test').id;
    expect(load({ LEDGER_KEY_ENCRYPTION_KEY: kek }).current.id).toBe(expected);
    const secretFile = path.join(dataDir, 'mounted-secret');
    fs.writeFileSync(secretFile, `${kek}\n`, { mode: 0o444 });
    expect(load({ LEDGER_KEY_ENCRYPTION_KEY_FILE: secretFile }).current.id).toBe(expected);
    expect(fs.existsSync(path.join(dataDir, 'key-encryption.key'))).toBe(false);
  });

  it('adds the previous KEKs for unwrapping only', () => {
    const ring = load({ LEDGER_KEY_ENCRYPTION_KEY: kek, LEDGER_PREVIOUS_KEY_ENCRYPTION_KEYS: `${previous}` });
    expect(ring.previous.map((k) => k.id)).toEqual([LocalKeyEncryptionKey.fromBase64url(previous, 'test').id]);
    expect(ring.holds(ring.previous[0].id)).toBe(true);
  });

  it('refuses a malformed key or a missing file, naming the source and never the value', () => {
    expect(() => load({ LEDGER_KEY_ENCRYPTION_KEY: 'c2hvcnQ' })).toThrow(expect.objectContaining({ code: 'key_material_invalid', source: 'env:LEDGER_KEY_ENCRYPTION_KEY' }));
    expect(() => load({ LEDGER_KEY_ENCRYPTION_KEY: kek, LEDGER_PREVIOUS_KEY_ENCRYPTION_KEYS: `${previous},not+base64url` })).toThrow(
      expect.objectContaining({ source: 'env:LEDGER_PREVIOUS_KEY_ENCRYPTION_KEYS[1]' }),
    );
    expect(() => load({ LEDGER_KEY_ENCRYPTION_KEY_FILE: path.join(dataDir, 'absent') })).toThrow(expect.objectContaining({ code: 'key_material_invalid' }));
  });
});
