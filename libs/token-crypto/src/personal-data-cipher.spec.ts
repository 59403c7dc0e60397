import { compactDecrypt } from 'jose';
import { KeyEncryptionKeyRing, LocalKeyEncryptionKey } from './key-encryption-key';
import {
  decryptPersonalData,
  encryptPersonalData,
  newSubjectDataKey,
  personalDataKeyId,
  PersonalDataUndecryptable,
  SubjectPseudonyms,
  unwrapSubjectDataKey,
  wrapSubjectDataKey,
} from './personal-data-cipher';

const TOKEN_KEY = Buffer.alloc(32, 7);

describe('SubjectPseudonyms', () => {
  it('is a stable base64url HMAC, different per subject and per server key', () => {
    const a = new SubjectPseudonyms(TOKEN_KEY);
    expect(a.ref('alice')).toBe(new SubjectPseudonyms(Buffer.from(TOKEN_KEY)).ref('alice'));
    expect(a.ref('alice')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.ref('alice')).not.toBe(a.ref('bob'));
    expect(new SubjectPseudonyms(Buffer.alloc(32, 8)).ref('alice')).not.toBe(a.ref('alice'));
  });

  it('never shows its key', () => {
    const a = new SubjectPseudonyms(TOKEN_KEY);
    expect(JSON.stringify(a)).toBe('{}');
    expect(require('node:util').inspect(a)).toBe('SubjectPseudonyms {}');
  });
});

describe('personal data JWE (dir, A256GCM)', () => {
  it('round-trips and names its key', () => {
    const key = newSubjectDataKey();
    const jwe = encryptPersonalData(key, 'k1', '{"subject":"alice"}');
    expect(jwe).not.toContain('alice');
    expect(personalDataKeyId(jwe)).toBe('k1');
    expect(decryptPersonalData(key, jwe)).toBe('{"subject":"alice"}');
  });

  it('is a standard compact JWE that jose decrypts', async () => {
    const key = newSubjectDataKey();
    const jwe = encryptPersonalData(key, 'k1', 'héllo');
    const { plaintext, protectedHeader } = await compactDecrypt(jwe, key);
    expect(new TextDecoder().decode(plaintext)).toBe('héllo');
    expect(protectedHeader).toEqual({ alg: 'dir', enc: 'A256GCM', kid: 'k1' });
  });

  it('refuses another key, an altered ciphertext or header, and a non-JWE', () => {
    const key = newSubjectDataKey();
    const jwe = encryptPersonalData(key, 'k1', 'alice');
    expect(() => decryptPersonalData(newSubjectDataKey(), jwe)).toThrow(PersonalDataUndecryptable);
    const parts = jwe.split('.');
    const flipped = parts[3][0] === 'A' ? `B${parts[3].slice(1)}` : `A${parts[3].slice(1)}`;
    expect(() => decryptPersonalData(key, [parts[0], '', parts[2], flipped, parts[4]].join('.'))).toThrow(PersonalDataUndecryptable);
    const otherHeader = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM', kid: 'k2' })).toString('base64url');
    expect(() => decryptPersonalData(key, [otherHeader, ...parts.slice(1)].join('.'))).toThrow(PersonalDataUndecryptable);
    expect(() => decryptPersonalData(key, 'not.a.jwe')).toThrow(PersonalDataUndecryptable);
    expect(personalDataKeyId('garbage')).toBeUndefined();
  });
});

describe('wrapped data keys', () => {
  it('wrap under the KEK ring and unwrap to the same key; another KEK cannot', async () => {
    const ring = new KeyEncryptionKeyRing(new LocalKeyEncryptionKey(Buffer.alloc(32, 1)));
    const key = newSubjectDataKey();
    const wrapped = await wrapSubjectDataKey(ring, key);
    expect(Buffer.from(await unwrapSubjectDataKey(ring, wrapped)).equals(Buffer.from(key))).toBe(true);
    const other = new KeyEncryptionKeyRing(new LocalKeyEncryptionKey(Buffer.alloc(32, 2)));
    await expect(unwrapSubjectDataKey(other, wrapped)).rejects.toMatchObject({ code: 'key_unwrap_failed' });
  });
});
