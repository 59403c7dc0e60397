import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The bytes every serialised private JWK carries (RFC 7518 §6.2.2.1 `d`, for EC and RSA keys
 * alike) and no public key, JWE or hash does. Searched as bytes, because SQLite files, their
 * WAL and journal are binary: a JSON event body sits in them as plain UTF-8 text.
 */
const PRIVATE_JWK_MEMBER = Buffer.from('"d":', 'latin1');

/** Every regular file under `dir` (recursively, not following links) that holds {@link PRIVATE_JWK_MEMBER}. */
export function filesHoldingPrivateKeys(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const found: string[] = [];
  const visit = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const file = path.join(current, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (entry.isFile() && fs.readFileSync(file).includes(PRIVATE_JWK_MEMBER)) found.push(path.relative(dir, file));
    }
  };
  visit(dir);
  return found.sort();
}

/**
 * Fails when a file under the data directory holds a private key (issue 16: keys travel only
 * wrapped, in events). Every harness ledger runs it when it closes, so the whole e2e suite checks it.
 */
export function assertNoPrivateKeyOnDisk(dataDir: string): void {
  const files = filesHoldingPrivateKeys(dataDir);
  if (files.length > 0) throw new Error(`a private key ("d":) is on disk under ${dataDir}: ${files.join(', ')}`);
}
