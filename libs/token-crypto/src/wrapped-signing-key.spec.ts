import { inspect } from 'node:util';
import { decodeProtectedHeader } from 'jose';
import { verifyJwt } from './jwt-verifier';
import { KeyEncryptionKeyRing, LocalKeyEncryptionKey } from './key-encryption-key';
import { generateWrappedSigningKey, rewrapSigningKey, unwrapSigningKey } from './wrapped-signing-key';

const NOW = new Date('2026-01-15T10:00:00Z');
const current = new LocalKeyEncryptionKey(Buffer.alloc(32, 1));
const previous = new LocalKeyEncryptionKey(Buffer.alloc(32, 2));

describe('wrapped signing keys', () => {
  it('generates an ES256 key whose private half exists only wrapped, and unwraps it into a key that signs for the same public JWK', async () => {
    const ring = new KeyEncryptionKeyRing(current);
    const { key, wrappedPrivateKey, kekId } = await generateWrappedSigningKey('default', NOW, ring);
    expect(key.alg).toBe('ES256');
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key.publicJwk).toStrictEqual({ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: key.kid, alg: 'ES256', use: 'sig' });
    expect(kekId).toBe(current.id);
    expect(decodeProtectedHeader(wrappedPrivateKey)).toMatchObject({ alg: 'A256KW', enc: 'A256GCM', kid: current.id });
    expect(JSON.stringify(key)).toBe(JSON.stringify({ kid: key.kid }));
    expect(inspect(key)).not.toContain('"d"');

    const unwrapped = await unwrapSigningKey('default', { kid: key.kid, createdAt: NOW.getTime(), wrappedPrivateKey }, ring);
    expect(unwrapped.publicJwk).toStrictEqual(key.publicJwk);
    expect(unwrapped.createdAt).toEqual(NOW);
    const token = unwrapped.signer.sign({ iss: 'i', sub: 's', iat: 1, exp: 2_000_000_000 }, { typ: 'JWT' });
    await expect(verifyJwt(token, { keys: [key.publicJwk], issuer: 'i', currentDate: NOW })).resolves.toMatchObject({ protectedHeader: { kid: key.kid } });
  });

  it('generates RS256 keys (RSA 2048) on request', async () => {
    const { key, wrappedPrivateKey } = await generateWrappedSigningKey('rsa', NOW, new KeyEncryptionKeyRing(current), 'RS256');
    expect(key.alg).toBe('RS256');
    expect(Buffer.from((key.publicJwk as { n: string }).n, 'base64url')).toHaveLength(256);
    const unwrapped = await unwrapSigningKey('rsa', { kid: key.kid, createdAt: NOW.getTime(), wrappedPrivateKey }, new KeyEncryptionKeyRing(current));
    expect(unwrapped.alg).toBe('RS256');
  });

  it('refuses a wrapped key recorded under another kid (a JWE moved between keys)', async () => {
    const ring = new KeyEncryptionKeyRing(current);
    const a = await generateWrappedSigningKey('default', NOW, ring);
    const b = await generateWrappedSigningKey('default', NOW, ring);
    await expect(unwrapSigningKey('default', { kid: a.key.kid, createdAt: 0, wrappedPrivateKey: b.wrappedPrivateKey }, ring)).rejects.toMatchObject({
      code: 'key_material_invalid',
      reason: 'the unwrapped key is not the key its kid names',
    });
    await expect(rewrapSigningKey({ kid: a.key.kid, wrappedPrivateKey: b.wrappedPrivateKey }, ring)).rejects.toMatchObject({ code: 'key_material_invalid' });
  });

  it('rewraps a key of a previous KEK under the current one, after which the previous KEK is not needed', async () => {
    const old = await generateWrappedSigningKey('default', NOW, new KeyEncryptionKeyRing(previous));
    const ring = new KeyEncryptionKeyRing(current, [previous]);
    const rewrapped = await rewrapSigningKey({ kid: old.key.kid, wrappedPrivateKey: old.wrappedPrivateKey }, ring);
    expect(rewrapped.kekId).toBe(current.id);
    const onlyCurrent = new KeyEncryptionKeyRing(current);
    await expect(unwrapSigningKey('default', { kid: old.key.kid, createdAt: 0, wrappedPrivateKey: old.wrappedPrivateKey }, onlyCurrent)).rejects.toMatchObject({ code: 'key_unwrap_failed', kekId: previous.id });
    const unwrapped = await unwrapSigningKey('default', { kid: old.key.kid, createdAt: 0, ...rewrapped }, onlyCurrent);
    expect(unwrapped.publicJwk).toStrictEqual(old.key.publicJwk);
  });
});
