import { createHash, generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { atHash, JwtSigner } from './jwt-signer';

const NOW = new Date('2025-01-15T10:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);

async function newSigner(): Promise<{ signer: JwtSigner; publicJwk: { kty: string; crv: string; x: string; y: string } }> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' }) as { kty: string; crv: string; x: string; y: string };
  const publicJwk = { kty, crv, x, y };
  return { signer: new JwtSigner(await calculateJwkThumbprint(publicJwk), privateKey), publicJwk };
}

const signerSync = new JwtSigner('kid-sync', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);

describe('JwtSigner', () => {
  it('produces a compact JWS that jose verifies, with header { alg, kid, typ } exactly', async () => {
    const { signer, publicJwk } = await newSigner();
    const claims = { iss: 'https://ledger.test/oauth2/default', sub: 'u1', aud: 'api://default', iat: NOW_S, exp: NOW_S + 3600, jti: 'j1', scp: ['openid'] };

    const token = signer.sign(claims, { typ: 'at+jwt' });

    expect(token.split('.')).toHaveLength(3);
    expect(decodeProtectedHeader(token)).toStrictEqual({ alg: 'ES256', kid: signer.kid, typ: 'at+jwt' });
    const key = await importJWK({ ...publicJwk, alg: 'ES256' }, 'ES256');
    const { payload } = await jwtVerify(token, key, { currentDate: NOW, typ: 'at+jwt', algorithms: ['ES256'] });
    expect(payload).toStrictEqual(claims);
  });

  describe('signTokens (a token response: access token, then ID token with its at_hash)', () => {
    const access = { iss: 'https://ledger.test/oauth2/default', sub: 'u2', aud: 'api://default', iat: NOW_S, exp: NOW_S + 60, jti: 'j2', client_id: 'c1', scope: 'openid' };
    const id = { iss: 'https://ledger.test/oauth2/default', sub: 'u2', aud: 'c1', exp: NOW_S + 3600, iat: NOW_S, jti: 'i2', at_hash: '', preferred_username: 'ann' };

    it('signs both; jose verifies them; at_hash is the access token\'s and keeps its place among the claims', async () => {
      const { signer, publicJwk } = await newSigner();
      const tokens = signer.signTokens(access, id);
      const key = await importJWK({ ...publicJwk, alg: 'ES256' }, 'ES256');
      const at = await jwtVerify(tokens.accessToken, key, { currentDate: NOW, typ: 'at+jwt', algorithms: ['ES256'] });
      expect(at.payload).toStrictEqual(access);
      expect(at.protectedHeader).toStrictEqual({ alg: 'ES256', kid: signer.kid, typ: 'at+jwt' });
      const idt = await jwtVerify(tokens.idToken!, key, { currentDate: NOW, typ: 'JWT', algorithms: ['ES256'] });
      const expectedAtHash = createHash('sha256').update(tokens.accessToken).digest().subarray(0, 16).toString('base64url');
      expect(atHash(tokens.accessToken)).toBe(expectedAtHash);
      expect(idt.payload).toStrictEqual({ ...id, at_hash: expectedAtHash });
      expect(Object.keys(idt.payload)).toEqual(Object.keys(id));
    });

    it('signs the access token alone when no ID token is asked for', () => {
      const { accessToken, idToken } = signerSync.signTokens(access);
      expect(idToken).toBeUndefined();
      expect(decodeProtectedHeader(accessToken).typ).toBe('at+jwt');
    });
  });

  it('keeps one precomputed header per typ (access token and ID token from one signer)', async () => {
    const { signer } = await newSigner();
    const at = signer.sign({ n: 1 }, { typ: 'at+jwt' });
    const id = signer.sign({ n: 2 }, { typ: 'JWT' });
    const at2 = signer.sign({ n: 3 }, { typ: 'at+jwt' });
    expect(decodeProtectedHeader(id).typ).toBe('JWT');
    expect(at.split('.')[0]).toBe(at2.split('.')[0]);
    expect(at.split('.')[0]).not.toBe(id.split('.')[0]);
  });

  it('writes 64-byte raw r||s signatures (ieee-p1363), not DER', async () => {
    const { signer } = await newSigner();
    const signature = signer.sign({ a: 1 }, { typ: 'JWT' }).split('.')[2]!;
    expect(Buffer.from(signature, 'base64url')).toHaveLength(64);
  });

  it('signs RS256 (RSASSA-PKCS1-v1_5, SHA-256) with an RSA key, through the same core: jose verifies the pair and its at_hash', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signer = new JwtSigner('rsa-kid', privateKey);
    expect(signer.alg).toBe('RS256');
    const access = { iss: 'https://ledger.test/oauth2/rsa', sub: 'u1', aud: 'api://rsa', iat: NOW_S, exp: NOW_S + 3600, jti: 'j1' };
    const tokens = signer.signTokens(access, { iss: access.iss, sub: 'u1', aud: 'c1', iat: NOW_S, exp: NOW_S + 3600, at_hash: '' });
    const at = await jwtVerify(tokens.accessToken, publicKey, { currentDate: NOW, typ: 'at+jwt', algorithms: ['RS256'] });
    expect(at.protectedHeader).toStrictEqual({ alg: 'RS256', kid: 'rsa-kid', typ: 'at+jwt' });
    const id = await jwtVerify(tokens.idToken!, publicKey, { currentDate: NOW, typ: 'JWT', algorithms: ['RS256'] });
    expect(id.payload.at_hash).toBe(createHash('sha256').update(tokens.accessToken).digest().subarray(0, 16).toString('base64url'));
    // 2048-bit modulus: a 256-byte signature.
    expect(Buffer.from(tokens.accessToken.split('.')[2]!, 'base64url')).toHaveLength(256);
  });

  it('refuses a key that is neither a P-256 nor an RSA (2048+) private key', () => {
    const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => new JwtSigner('k', rsa1024.privateKey)).toThrow(expect.objectContaining({ code: 'token_crypto_argument_invalid' }));
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(() => new JwtSigner('k', p384.privateKey)).toThrow(expect.objectContaining({ code: 'token_crypto_argument_invalid' }));
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => new JwtSigner('k', p256.publicKey)).toThrow(expect.objectContaining({ code: 'token_crypto_argument_invalid' }));
  });

  it('refuses an empty typ', async () => {
    const { signer } = await newSigner();
    expect(() => signer.sign({}, { typ: '' })).toThrow(expect.objectContaining({ code: 'token_crypto_argument_invalid' }));
  });

  it('shows only kid and alg through JSON.stringify and util.inspect', async () => {
    const { signer } = await newSigner();
    expect(JSON.parse(JSON.stringify(signer))).toStrictEqual({ kid: signer.kid, alg: 'ES256' });
    expect(inspect(signer, { showHidden: true, depth: 10 })).toBe(`JwtSigner { kid: '${signer.kid}', alg: 'ES256' }`);
  });
});
