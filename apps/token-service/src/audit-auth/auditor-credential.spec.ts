import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAuditorCredential, sha256 } from './auditor-credential';

const ADMIN = 'admin-token-0123456789abcdef';

describe('loadAuditorCredential', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'auditor-credential-'));
  });

  it('uses LEDGER_AUDITOR_TOKEN when set, as a digest, and writes no file', () => {
    const credential = loadAuditorCredential(dataDir, 'auditor-token-0123456789', sha256(ADMIN));
    expect(credential).toEqual({ digest: sha256('auditor-token-0123456789') });
    expect(fs.existsSync(path.join(dataDir, 'auditor.token'))).toBe(false);
  });

  it('refuses a short token and one equal to the admin credential (the roles must stay separate)', () => {
    expect(() => loadAuditorCredential(dataDir, 'short', sha256(ADMIN))).toThrow('LEDGER_AUDITOR_TOKEN must be at least 16 characters');
    expect(() => loadAuditorCredential(dataDir, ADMIN, sha256(ADMIN))).toThrow('the auditor credential must differ from the admin credential');
  });

  it('generates <dataDir>/auditor.token once (0600) and reads it back afterwards', () => {
    const first = loadAuditorCredential(dataDir, undefined, sha256(ADMIN));
    const file = path.join(dataDir, 'auditor.token');
    expect(first.generatedFile).toBe(file);
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(first.digest).toEqual(sha256(fs.readFileSync(file, 'utf8').trim()));
    expect(loadAuditorCredential(dataDir, undefined, sha256(ADMIN)).digest).toEqual(first.digest);
  });
});
