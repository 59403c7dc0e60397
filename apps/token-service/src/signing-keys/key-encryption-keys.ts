/** The service and the ledger CLI load the key-encryption keys alike: see `@ledger/config`. */
export { loadKeyEncryptionKeys } from '@ledger/config';
