import * as path from 'node:path';

/** The command that prints a key-encryption key (or a token key) in the form the variables take. */
export const KEY_GENERATION_COMMAND = "openssl rand -base64 32 | tr '+/' '-_' | tr -d '='";

/**
 * Where the key-encryption key (KEK) that wraps private signing keys comes from:
 * `LEDGER_KEY_ENCRYPTION_KEY` (32 bytes, base64url), the file `LEDGER_KEY_ENCRYPTION_KEY_FILE`
 * holds (a mounted secret), or, when neither is set, the file generated once into the data
 * directory (embedded store only; see {@link assertSharedKeysConfigured}).
 */
export type KeyEncryptionKeySource =
  | { readonly kind: 'env'; readonly value: string }
  | { readonly kind: 'file'; readonly file: string }
  | { readonly kind: 'generated'; readonly file: string };

/**
 * The refresh-token key's file in the data directory, generated there when `LEDGER_TOKEN_KEY`
 * is unset (embedded store only). Named here so the service and the CLI's restore agree on it.
 */
export const REFRESH_TOKEN_KEY_FILE = 'refresh-token.key';

/** The keys the service holds besides its signing keys. */
export interface KeysConfig {
  readonly keyEncryptionKey: KeyEncryptionKeySource;
  /**
   * KEKs that unwrap only (`LEDGER_PREVIOUS_KEY_ENCRYPTION_KEYS`, comma-separated base64url), kept
   * while keys wrapped under them are rewrapped under the current one.
   */
  readonly previousKeyEncryptionKeys: readonly string[];
}

/** Parses the key variables; both forms of the KEK at once fail the start. Values are never echoed. */
export function loadKeysConfig(env: NodeJS.ProcessEnv, dataDir: string): KeysConfig {
  const value = env.LEDGER_KEY_ENCRYPTION_KEY?.trim();
  const file = env.LEDGER_KEY_ENCRYPTION_KEY_FILE?.trim();
  if (value && file) throw new Error('set LEDGER_KEY_ENCRYPTION_KEY or LEDGER_KEY_ENCRYPTION_KEY_FILE, not both');
  const keyEncryptionKey: KeyEncryptionKeySource = value
    ? { kind: 'env', value }
    : file
      ? { kind: 'file', file: path.resolve(file) }
      : { kind: 'generated', file: path.join(dataDir, 'key-encryption.key') };
  const previousKeyEncryptionKeys = (env.LEDGER_PREVIOUS_KEY_ENCRYPTION_KEYS ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  return { keyEncryptionKey, previousKeyEncryptionKeys };
}

/**
 * Replicas on EventStoreDB share no disk, so the keys they must agree on cannot be generated
 * into a data directory: each replica would make its own, and none could unwrap or verify what
 * another wrote. On EventStoreDB the start therefore fails unless the key-encryption key and the
 * refresh-token key are given; on the embedded store (one node, one data directory) they are
 * generated there when unset.
 *
 * @throws {Error} on EventStoreDB without them, saying how to make one.
 */
export function assertSharedKeysConfigured(config: {
  readonly eventStoreUrl: string | undefined;
  readonly tokenKeyFromEnv: string | undefined;
  readonly keys: KeysConfig;
}): void {
  if (!config.eventStoreUrl) return;
  const missing = [
    ...(config.keys.keyEncryptionKey.kind === 'generated' ? ['LEDGER_KEY_ENCRYPTION_KEY (or LEDGER_KEY_ENCRYPTION_KEY_FILE)'] : []),
    ...(config.tokenKeyFromEnv === undefined ? ['LEDGER_TOKEN_KEY'] : []),
  ];
  if (missing.length === 0) return;
  throw new Error(
    `on EventStoreDB (EVENTSTORE_URL) every replica must be given the same ${missing.join(' and ')}: ` +
      `they cannot be generated into a data directory that other replicas do not see. ` +
      `Make each once with: ${KEY_GENERATION_COMMAND}`,
  );
}
