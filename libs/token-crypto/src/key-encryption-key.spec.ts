import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { decodeProtectedHeader } from 'jose';
import { KeyEncryptionKeyRing, kekIdOfWrappedKey, LocalKeyEncryptionKey, type PrivateJwk } from './key-encryption-key';

const SECRET = Buffer.alloc(32, 7);
const OTHER = Buffer.alloc(32, 8);
const JWK: PrivateJwk = { kty: 'EC', crv: 'P-256', x: 'x-member', y: 'y-member', d: 'd-member-private' };

describe('LocalKeyEncryptionKey', () => {
  it('wraps a private JWK into a compact JWE (A256KW, A256GCM, kid = its id) that hides the key and unwraps to the same JWK', async () => {
    const kek = new LocalKeyEncryptionKey(SECRET);
    const jwe = await kek.wrap(JWK);
    expect(jwe.split('.')).toHaveLength(5);
    expect(decodeProtectedHeader(jwe)).toEqual({ alg: 'A256KW', enc: 'A256GCM', kid: kek.id, cty: 'jwk+json' });
    expect(jwe).not.toContain('d-member-private');
    expect(Buffer.from(jwe.split('.')[3], 'base64url').toString('latin1')).not.toContain('d-member-private');
    await expect(kek.unwrap(jwe)).resolves.toEqual(JWK);
    // A fresh content key per wrap.
    expect(await kek.wrap(JWK)).not.toBe(jwe);
  });

  it('derives a stable id that names neither the KEK nor anything that recovers it', () => {
    const kek = new LocalKeyEncryptionKey(SECRET);
    expect(kek.id).toMatch(/^local:[A-Za-z0-9_-]{22}$/);
    expect(new LocalKeyEncryptionKey(Buffer.from(SECRET)).id).toBe(kek.id);
    expect(new LocalKeyEncryptionKey(OTHER).id).not.toBe(kek.id);
    expect(kek.id).not.toContain(SECRET.toString('base64url').slice(0, 8));
    expect(JSON.stringify(kek)).toBe(JSON.stringify({ id: kek.id }));
    expect(inspect(kek)).toBe(`LocalKeyEncryptionKey { id: '${kek.id}' }`);
  });

  it('reads base64url of exactly 32 bytes, as the openssl recipe prints it, and refuses anything else without echoing it', () => {
    const text = SECRET.toString('base64url');
    expect(LocalKeyEncryptionKey.fromBase64url(`${text}\n`, 'env:X').id).toBe(new LocalKeyEncryptionKey(SECRET).id);
    const standard = randomBytes(32).toString('base64');
    const refusals = [
      ['not-base64url+/', 'not base64url'],
      [Buffer.alloc(16).toString('base64url'), 'not 32 bytes'],
      [Buffer.alloc(48).toString('base64url'), 'not 32 bytes'],
      [standard.includes('+') || standard.includes('/') ? standard : `${standard.slice(0, -2)}+=`, 'not base64url'],
    ];
    for (const [value, reason] of refusals) {
      expect(() => LocalKeyEncryptionKey.fromBase64url(value, 'env:LEDGER_KEY_ENCRYPTION_KEY')).toThrow(
        expect.objectContaining({ code: 'key_material_invalid', source: 'env:LEDGER_KEY_ENCRYPTION_KEY', reason: expect.stringContaining(reason) }),
      );
      expect(() => LocalKeyEncryptionKey.fromBase64url(value, 'env:X')).not.toThrow(value);
    }
  });

  it('refuses a JWE of another KEK, and a tampered one, with key_unwrap_failed', async () => {
    const kek = new LocalKeyEncryptionKey(SECRET);
    const jwe = await kek.wrap(JWK);
    await expect(new LocalKeyEncryptionKey(OTHER).unwrap(jwe)).rejects.toMatchObject({ code: 'key_unwrap_failed', kekId: kek.id });
    const parts = jwe.split('.');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0] ^= 1;
    await expect(kek.unwrap([parts[0], parts[1], parts[2], flipped.toString('base64url'), parts[4]].join('.'))).rejects.toMatchObject({ code: 'key_unwrap_failed' });
    await expect(kek.unwrap('not a jwe')).rejects.toMatchObject({ code: 'key_unwrap_failed', kekId: undefined });
  });

  it('refuses to be built from a key of another length', () => {
    expect(() => new LocalKeyEncryptionKey(Buffer.alloc(31))).toThrow(expect.objectContaining({ code: 'token_crypto_argument_invalid' }));
  });
});

describe('KeyEncryptionKeyRing', () => {
  const current = new LocalKeyEncryptionKey(SECRET);
  const previous = new LocalKeyEncryptionKey(OTHER);

  it('wraps under the current KEK and unwraps with whichever KEK the JWE names', async () => {
    const ring = new KeyEncryptionKeyRing(current, [previous]);
    const wrapped = await ring.wrap(JWK);
    expect(wrapped.kekId).toBe(current.id);
    expect(kekIdOfWrappedKey(wrapped.wrappedPrivateKey)).toBe(current.id);
    const old = await previous.wrap(JWK);
    await expect(ring.unwrap(old)).resolves.toEqual(JWK);
    await expect(ring.unwrap(wrapped.wrappedPrivateKey)).resolves.toEqual(JWK);
    expect(ring.holds(previous.id)).toBe(true);
  });

  it('refuses a JWE of a KEK it does not hold, naming that KEK id', async () => {
    const ring = new KeyEncryptionKeyRing(current);
    const old = await previous.wrap(JWK);
    expect(ring.holds(previous.id)).toBe(false);
    await expect(ring.unwrap(old)).rejects.toMatchObject({ code: 'key_unwrap_failed', kekId: previous.id });
    expect(kekIdOfWrappedKey('garbage')).toBeUndefined();
    expect(JSON.stringify(new KeyEncryptionKeyRing(current, [previous]))).toBe(JSON.stringify({ current: current.id, previous: [previous.id] }));
  });
});
