import type { LedgerConfig } from './ledger-config';
import { KeyEncryptionKeyRing, KeyMaterialInvalid, LocalKeyEncryptionKey, loadOrCreateSecretKey } from '@ledger/token-crypto';
import * as fs from 'node:fs';

/**
 * The key-encryption keys that wrap private signing keys in their events: the current one from
 * `LEDGER_KEY_ENCRYPTION_KEY`, from the file `LEDGER_KEY_ENCRYPTION_KEY_FILE` names, or (embedded
 * store only, checked at start) generated once into `<dataDir>/key-encryption.key` (0600) as the
 * refresh-token key is; and the previous ones of `LEDGER_PREVIOUS_KEY_ENCRYPTION_KEYS`, which
 * only unwrap until the keys are rewrapped (`POST /api/v1/signing-keys/rewrap`).
 *
 * @throws {KeyMaterialInvalid} a key is not base64url of 32 bytes, or its file cannot be read.
 */
export function loadKeyEncryptionKeys(config: LedgerConfig): KeyEncryptionKeyRing {
  const source = config.keys.keyEncryptionKey;
  let current: LocalKeyEncryptionKey;
  if (source.kind === 'env') {
    current = LocalKeyEncryptionKey.fromBase64url(source.value, 'env:LEDGER_KEY_ENCRYPTION_KEY');
  } else if (source.kind === 'file') {
    // A mounted secret (Docker, Kubernetes) is often 0444 and owned by another user, so it is not
    // held to the 0600 rule of the files the service generates itself.
    let text: string;
    try {
      text = fs.readFileSync(source.file, 'utf8');
    } catch {
      throw new KeyMaterialInvalid(source.file, 'cannot be read (LEDGER_KEY_ENCRYPTION_KEY_FILE)');
    }
    current = LocalKeyEncryptionKey.fromBase64url(text, source.file);
  } else {
    const secret = loadOrCreateSecretKey(source.file);
    if (secret.length !== 32) throw new KeyMaterialInvalid(source.file, 'not 32 bytes');
    current = new LocalKeyEncryptionKey(secret);
  }
  const previous = config.keys.previousKeyEncryptionKeys.map((text, i) =>
    LocalKeyEncryptionKey.fromBase64url(text, `env:LEDGER_PREVIOUS_KEY_ENCRYPTION_KEYS[${i}]`),
  );
  return new KeyEncryptionKeyRing(current, previous);
}
