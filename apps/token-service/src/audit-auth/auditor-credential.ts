import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The auditor credential, held only as its SHA-256 digest once loaded. */
export interface AuditorCredential {
  readonly digest: Buffer;
  /** Where a generated credential was written, to tell the operator (never the value). */
  readonly generatedFile?: string;
}

/** Injection token for {@link AuditorCredential}. */
export const AUDITOR_CREDENTIAL = Symbol.for('tokenledger.AuditorCredential');

/** The file a generated auditor credential lives in, beside `admin.token`. */
export const AUDITOR_TOKEN_FILE = 'auditor.token';

/**
 * Uses `LEDGER_AUDITOR_TOKEN` when set; otherwise reads, or generates once,
 * `<dataDir>/auditor.token` (mode 0600), as the admin credential does, so a first start needs
 * no setup and the value never appears in a log.
 *
 * Auditors and admins are separate roles (SPEC §9): an auditor reads every token history but
 * cannot change anything, an admin changes configuration but does not read audit trails. The
 * two credentials must therefore differ, or holding one would grant both roles.
 *
 * @param adminDigest SHA-256 of the admin credential, to refuse an auditor credential equal to it.
 * @throws Error when the configured value is too short or equals the admin credential.
 */
export function loadAuditorCredential(dataDir: string, fromEnv: string | undefined, adminDigest: Buffer): AuditorCredential {
  let credential: AuditorCredential;
  if (fromEnv) {
    if (fromEnv.length < 16) throw new Error('LEDGER_AUDITOR_TOKEN must be at least 16 characters');
    credential = { digest: sha256(fromEnv) };
  } else {
    const file = path.join(dataDir, AUDITOR_TOKEN_FILE);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      // Written beside and renamed, so a concurrent start never reads a half-written file.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, randomBytes(32).toString('base64url'), { mode: 0o600 });
      fs.renameSync(tmp, file);
    }
    credential = { digest: sha256(fs.readFileSync(file, 'utf8').trim()), generatedFile: file };
  }
  if (timingSafeEqual(credential.digest, adminDigest)) {
    throw new Error('the auditor credential must differ from the admin credential (LEDGER_AUDITOR_TOKEN equals the admin token)');
  }
  return credential;
}

/** SHA-256 of a presented or configured credential: compared as digests, in constant time. */
export function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
