import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { JwtSigner } from './jwt-signer';

const NOW = new Date('2025-01-15T10:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);

async function newSigner(): Promise<{ signer: JwtSigner; publicJwk: { kty: string; crv: string; x: string; y: string } }> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' }) as { kty: string; crv: string; x: string; y: string };
  const publicJwk = { kty, crv, x, y };
  return { signer: new JwtSigner(await calculateJwkThumbprint(publicJwk), privateKey), publicJwk };
}

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

  it('signs the same JWS off the event loop with signAsync, and jose verifies it', async () => {
    const { signer, publicJwk } = await newSigner();
    const claims = { iss: 'https://ledger.test/oauth2/default', sub: 'u2', iat: NOW_S, exp: NOW_S + 60, jti: 'j2' };
    const token = await signer.signAsync(claims, { typ: 'at+jwt' });
    expect(decodeProtectedHeader(token)).toStrictEqual({ alg: 'ES256', kid: signer.kid, typ: 'at+jwt' });
    const key = await importJWK({ ...publicJwk, alg: 'ES256' }, 'ES256');
    const { payload } = await jwtVerify(token, key, { currentDate: NOW, typ: 'at+jwt', algorithms: ['ES256'] });
    expect(payload).toStrictEqual(claims);
    // ECDSA signatures are randomised, but the signed part is the synchronous path's exactly.
    expect(token.split('.').slice(0, 2)).toEqual(signer.sign(claims, { typ: 'at+jwt' }).split('.').slice(0, 2));
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

  it('refuses a key that is not a P-256 private key', () => {
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
