import * as fs from 'node:fs';
import { KeyMaterialInvalid } from './errors';
import { KeyEncryptionKeyRing, LocalKeyEncryptionKey } from './key-encryption-key';
import { loadOrCreateSecretKey } from './secrets';
import { readPrivateFile } from './secure-file';

/** Where the current key-encryption key comes from (the shape of `@ledger/config`'s `KeyEncryptionKeySource`). */
export type KeyEncryptionKeyOrigin =
  | { readonly kind: 'env'; readonly value: string }
  | { readonly kind: 'file'; readonly file: string }
  | { readonly kind: 'generated'; readonly file: string };

/**
 * The key-encryption keys of this configuration: the current one from `LEDGER_KEY_ENCRYPTION_KEY`,
 * from the file `LEDGER_KEY_ENCRYPTION_KEY_FILE` names, or from the file generated into the data
 * directory; and the previous ones, which only unwrap. The service generates that file when it
 * is missing (`create`); the ledger CLI only reads it, and answers `null` when there is none (it
 * then cannot unwrap, so it trusts no recorded key).
 *
 * @throws {KeyMaterialInvalid} a key is not base64url of 32 bytes, or its file cannot be read.
 */
export function loadKeyEncryptionKeyRing(
  origin: KeyEncryptionKeyOrigin,
  previousKeys: readonly string[],
  options: { readonly create: boolean },
): KeyEncryptionKeyRing | null {
  let current: LocalKeyEncryptionKey;
  if (origin.kind === 'env') {
    current = LocalKeyEncryptionKey.fromBase64url(origin.value, 'env:LEDGER_KEY_ENCRYPTION_KEY');
  } else if (origin.kind === 'file') {
    // A mounted secret (Docker, Kubernetes) is often 0444 and owned by another user, so it is not
    // held to the 0600 rule of the files the service generates itself.
    let text: string;
    try {
      text = fs.readFileSync(origin.file, 'utf8');
    } catch {
      throw new KeyMaterialInvalid(origin.file, 'cannot be read (LEDGER_KEY_ENCRYPTION_KEY_FILE)');
    }
    current = LocalKeyEncryptionKey.fromBase64url(text, origin.file);
  } else if (options.create) {
    const secret = loadOrCreateSecretKey(origin.file);
    if (secret.length !== 32) throw new KeyMaterialInvalid(origin.file, 'not 32 bytes');
    current = new LocalKeyEncryptionKey(secret);
  } else {
    if (!fs.existsSync(origin.file)) return null;
    current = LocalKeyEncryptionKey.fromBase64url(readPrivateFile(origin.file).toString('utf8'), origin.file);
  }
  const previous = previousKeys.map((text, i) => LocalKeyEncryptionKey.fromBase64url(text, `env:LEDGER_PREVIOUS_KEY_ENCRYPTION_KEYS[${i}]`));
  return new KeyEncryptionKeyRing(current, previous);
}
