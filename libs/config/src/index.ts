/**
 * `@ledger/config`: the environment, parsed once ({@link loadLedgerConfig}), and the event store
 * it names ({@link openEventStore}). Shared by the service and the ledger CLI, so both read the
 * same variables and open the same store.
 */
export { LEDGER_CONFIG, loadLedgerConfig, type LedgerConfig } from './ledger-config';
export { loadHttpLimitsConfig, type HttpLimitsConfig } from './http-limits.config';
export { loadReadModelsConfig, type ReadModelsConfig } from './read-models.config';
export { loadRateLimitsConfig, type RateLimitsConfig } from './rate-limits.config';
export { openEventStore, type EventStoreLogger } from './open-event-store';
export { loadDpopConfig, type DpopConfig } from './dpop.config';
export { loadRetentionConfig, type RetentionConfig } from './retention.config';
export {
  assertSharedKeysConfigured,
  KEY_GENERATION_COMMAND,
  REFRESH_TOKEN_KEY_FILE,
  loadKeysConfig,
  type KeyEncryptionKeySource,
  type KeysConfig,
} from './keys.config';
export { loadSealsConfig, type SealingKeySource, type SealsConfig } from './seals.config';
