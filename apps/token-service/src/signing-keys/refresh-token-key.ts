import { loadOrCreateSecretKey } from '@ledger/token-crypto';
import * as path from 'node:path';
import { REFRESH_TOKEN_KEY_FILE, type LedgerConfig } from '@ledger/config';

/**
 * The server key that authenticates refresh-token strings and derives successors. Several
 * replicas must share it: set `LEDGER_TOKEN_KEY` (base64url, at least 32 bytes; required on
 * EventStoreDB, checked at start); otherwise, on the embedded store, it is generated once into
 * `<dataDir>/refresh-token.key` (0600).
 */
export function loadSecretKeyForRefreshTokens(config: LedgerConfig): Buffer {
  if (config.tokenKeyFromEnv !== undefined) {
    const key = Buffer.from(config.tokenKeyFromEnv, 'base64url');
    if (key.length < 32) throw new Error('LEDGER_TOKEN_KEY must be base64url of at least 32 bytes');
    return key;
  }
  return loadOrCreateSecretKey(path.join(config.dataDir, REFRESH_TOKEN_KEY_FILE));
}
