import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The admin/service credential, held only as its SHA-256 digest once loaded. */
export interface AdminCredential {
  readonly digest: Buffer;
  /** Where a generated credential was written, to tell the operator (never the value). */
  readonly generatedFile?: string;
}

/** Injection token for {@link AdminCredential}. */
export const ADMIN_CREDENTIAL = Symbol.for('tokenledger.AdminCredential');

/**
 * Uses `LEDGER_ADMIN_TOKEN` when set; otherwise reads, or generates once, `<dataDir>/admin.token`
 * (mode 0600) so a first start needs no setup and the value never appears in a log.
 */
export function loadAdminCredential(dataDir: string, fromEnv: string | undefined): AdminCredential {
  if (fromEnv) {
    if (fromEnv.length < 16) throw new Error('LEDGER_ADMIN_TOKEN must be at least 16 characters');
    return { digest: createHash('sha256').update(fromEnv).digest() };
  }
  const file = path.join(dataDir, 'admin.token');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, randomBytes(32).toString('base64url'), { mode: 0o600 });
    fs.renameSync(tmp, file);
  }
  const token = fs.readFileSync(file, 'utf8').trim();
  return { digest: createHash('sha256').update(token).digest(), generatedFile: file };
}
