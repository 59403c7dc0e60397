import type { LedgerConfig } from '@ledger/config';
import { loadKeyEncryptionKeyRing, type KeyEncryptionKeyRing } from '@ledger/token-crypto';

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
  // With `create` the ring is always made (the generated file is written when missing).
  return loadKeyEncryptionKeyRing(config.keys.keyEncryptionKey, config.keys.previousKeyEncryptionKeys, { create: true }) as KeyEncryptionKeyRing;
}
