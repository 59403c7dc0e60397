/**
 * A throw-away self-signed certificate for 127.0.0.1, made with `openssl` for the emulator's
 * `tls` option, in a fresh temporary directory that {@link TestCertificate.remove} deletes.
 * The key never leaves that directory.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  remove(): void;
}

export function makeTestCertificate(): TestCertificate {
  const directory = mkdtempSync(join(tmpdir(), 'esdb-emulator-tls-'));
  const certFile = join(directory, 'node.crt');
  const keyFile = join(directory, 'node.key');
  execFileSync(
    'openssl',
    [
      'req', '-x509', '-nodes', '-days', '1',
      '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
      '-keyout', keyFile, '-out', certFile,
      '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
