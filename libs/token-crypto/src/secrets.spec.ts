import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  constantTimeEqual,
  generateClientSecret,
  hashClientSecret,
  loadOrCreateSecretKey,
  randomId,
  verifyClientSecret,
  verifyClientSecretAsync,
} from './secrets';

describe('randomId', () => {
  it('returns base64url of the requested number of bytes (16 by default)', () => {
    expect(randomId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(randomId(9), 'base64url')).toHaveLength(9);
    expect(randomId()).not.toBe(randomId());
  });

  it('refuses a non-positive or fractional size', () => {
    expect(() => randomId(0)).toThrow(expect.objectContaining({ code: 'token_crypto_argument_invalid' }));
    expect(() => randomId(1.5)).toThrow(expect.objectContaining({ code: 'token_crypto_argument_invalid' }));
  });
});

describe('client secrets', () => {
  it('generates 256-bit base64url secrets', () => {
    const secret = generateClientSecret();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('hashes as sha256:<hex> by default and verifies the right secret only', () => {
    const secret = generateClientSecret();
    const stored = hashClientSecret(secret);
    expect(stored).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(stored).not.toContain(secret);
    expect(verifyClientSecret(secret, stored)).toBe(true);
    expect(verifyClientSecret(generateClientSecret(), stored)).toBe(false);
    expect(verifyClientSecret(`${secret}x`, stored)).toBe(false);
    expect(verifyClientSecret('', stored)).toBe(false);
  });

  it('hashes with scrypt on request (salted) and verifies it, sync and async', async () => {
    const stored = hashClientSecret('correct horse battery staple', { kdf: 'scrypt' });
    expect(stored).toMatch(/^scrypt:[A-Za-z0-9_-]+:[A-Za-z0-9_-]{43}$/);
    expect(hashClientSecret('correct horse battery staple', { kdf: 'scrypt' })).not.toBe(stored);
    expect(verifyClientSecret('correct horse battery staple', stored)).toBe(true);
    expect(verifyClientSecret('correct horse battery stapler', stored)).toBe(false);
    await expect(verifyClientSecretAsync('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyClientSecretAsync('Tr0ub4dor&3', stored)).resolves.toBe(false);
  });

  it('verifies sha256 hashes asynchronously too', async () => {
    const secret = generateClientSecret();
    await expect(verifyClientSecretAsync(secret, hashClientSecret(secret))).resolves.toBe(true);
    await expect(verifyClientSecretAsync('nope', hashClientSecret(secret))).resolves.toBe(false);
  });

  it.each([
    ['an unknown scheme', 'bcrypt:$2b$10$abc'],
    ['a plain secret stored by mistake', 'my-secret'],
    ['a short sha256 digest', 'sha256:abcd'],
    ['uppercase hex', `sha256:${'A'.repeat(64)}`],
    ['a scrypt hash without salt', 'scrypt::abc'],
    ['a scrypt hash of the wrong length', 'scrypt:c2FsdA:YWJj'],
  ])('throws client_secret_hash_invalid for %s (a configuration error, not a wrong secret)', async (_case, stored) => {
    expect(() => verifyClientSecret('s', stored)).toThrow(expect.objectContaining({ code: 'client_secret_hash_invalid' }));
    await expect(verifyClientSecretAsync('s', stored)).rejects.toMatchObject({ code: 'client_secret_hash_invalid' });
  });

  it('never echoes the stored hash or the secret in its error', () => {
    expect(() => verifyClientSecret('presented-secret', 'plaintext-secret')).toThrow(
      expect.objectContaining({ message: expect.not.stringMatching(/presented-secret|plaintext-secret/) }),
    );
  });

  it('refuses to hash an empty secret', () => {
    expect(() => hashClientSecret('')).toThrow(expect.objectContaining({ code: 'token_crypto_argument_invalid' }));
  });
});

describe('constantTimeEqual', () => {
  it('compares strings of any lengths', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual('é', 'é')).toBe(true);
  });
});

describe('loadOrCreateSecretKey', () => {
  const ENV = 'TOKEN_CRYPTO_SPEC_SECRET_KEY';
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'token-crypto-secret-'));
    delete process.env[ENV];
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    delete process.env[ENV];
  });

  it('creates 32 random bytes in a 0600 file on first start and returns the same key afterwards', () => {
    const file = path.join(root, 'data', 'refresh-token.key');
    const key = loadOrCreateSecretKey(file);

    expect(key).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(loadOrCreateSecretKey(file).equals(key)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toStrictEqual(['refresh-token.key']);
  });

  it('uses the environment variable when it is set (replicas sharing one key) and writes no file', () => {
    const shared = Buffer.alloc(48, 3);
    process.env[ENV] = shared.toString('base64url');
    const file = path.join(root, 'refresh-token.key');

    expect(loadOrCreateSecretKey(file, ENV).equals(shared)).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('falls back to the file when the environment variable is empty or unset', () => {
    const file = path.join(root, 'refresh-token.key');
    process.env[ENV] = '';
    const key = loadOrCreateSecretKey(file, ENV);
    delete process.env[ENV];
    expect(loadOrCreateSecretKey(file, ENV).equals(key)).toBe(true);
  });

  it('refuses a short or non-base64url environment value, naming the variable and not the value', () => {
    process.env[ENV] = Buffer.alloc(16, 1).toString('base64url');
    expect(() => loadOrCreateSecretKey(path.join(root, 'k'), ENV)).toThrow(
      expect.objectContaining({ code: 'key_material_invalid', source: `env:${ENV}` }),
    );
    process.env[ENV] = 'not base64url!*';
    expect(() => loadOrCreateSecretKey(path.join(root, 'k'), ENV)).toThrow(
      expect.objectContaining({ code: 'key_material_invalid', message: expect.not.stringContaining('not base64url!*') }),
    );
  });

  it('refuses a key file readable by group or others', () => {
    const file = path.join(root, 'refresh-token.key');
    loadOrCreateSecretKey(file);
    fs.chmodSync(file, 0o644);
    expect(() => loadOrCreateSecretKey(file)).toThrow(expect.objectContaining({ code: 'key_file_insecure', path: file }));
  });

  it('refuses a key file that holds too little key', () => {
    const file = path.join(root, 'refresh-token.key');
    fs.writeFileSync(file, 'c2hvcnQ\n', { mode: 0o600 });
    expect(() => loadOrCreateSecretKey(file)).toThrow(expect.objectContaining({ code: 'key_material_invalid', source: file }));
  });
});
