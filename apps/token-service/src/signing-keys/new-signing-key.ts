import type { NewSigningKey } from '@ledger/domain';
import { generateWrappedSigningKey, type KeyEncryptionKeyRing, type SigningAlg } from '@ledger/token-crypto';

/**
 * A fresh key pair as the signing-keys commands take it: the public JWK, and the private half
 * wrapped under the current key-encryption key. The key exists nowhere else: once its event is
 * appended, every replica holding the key-encryption key can unwrap it from the stream.
 */
export async function newSigningKey(ring: KeyEncryptionKeyRing, authorizationServerId: string, now: number, alg: SigningAlg): Promise<NewSigningKey> {
  const { key, wrappedPrivateKey, kekId } = await generateWrappedSigningKey(authorizationServerId, new Date(now), ring, alg);
  return { kid: key.kid, alg: key.alg, publicJwk: { ...key.publicJwk }, createdAt: key.createdAt.getTime(), wrappedPrivateKey, kekId };
}
