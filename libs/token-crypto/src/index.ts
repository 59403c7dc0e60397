/**
 * `@ledger/token-crypto`: signing keys, JWT minting and verification, refresh-token codec,
 * client-secret hashing. The only package in the project that imports `jose`.
 */
export * from './errors';
export * from './jwks';
export * from './jwt-signer';
export * from './jwt-verifier';
export * from './verified-jwt-cache';
export * from './signing-key';
export * from './key-encryption-key';
export { generateWrappedSigningKey, rewrapSigningKey, unwrapSigningKey, type NewWrappedSigningKey } from './wrapped-signing-key';
export * from './legacy-key-directory';
export * from './refresh-token-codec';
export * from './secrets';
export * from './client-assertion';
export * from './client-assertion-subject';
export * from './jwt-signing-thread';
export * from './dpop-proof';
export * from './dpop-nonce';
export * from './personal-data-cipher';
export { loadKeyEncryptionKeyRing, type KeyEncryptionKeyOrigin } from './load-key-encryption-keys';
export {
  generateWrappedSealingKey,
  loadConfiguredSealingKey,
  SEAL_JWS_ALG,
  SEAL_JWS_TYPE,
  SealingKey,
  trustedSealingPublicJwk,
  unwrapSealingKey,
  verifySealJws,
  type NewWrappedSealingKey,
  type SealingKeyOrigin,
  type SealingPublicJwk,
  type SealSignatureFailure,
} from './sealing-key';
