import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { DpopNonces } from './dpop-nonce';
import { verifyDpopProof, type VerifyDpopProofOptions } from './dpop-proof';

const NOW = new Date(Date.UTC(2026, 0, 1));
const IAT = Math.floor(NOW.getTime() / 1000);
const URL_ = 'https://ledger.example/oauth2/default/v1/token';
const OPTIONS: VerifyDpopProofOptions = { method: 'POST', url: URL_, currentDate: NOW, maxAgeSeconds: 60, clockToleranceSeconds: 5 };

interface Key {
  readonly privateKey: KeyLike;
  readonly publicJwk: JWK;
  readonly privateJwk: JWK;
}

async function newKey(alg: 'ES256' | 'RS256' | 'EdDSA' = 'ES256'): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicJwk: await exportJWK(publicKey), privateJwk: await exportJWK(privateKey) };
}

async function proof(
  key: Key,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
  alg = 'ES256',
): Promise<string> {
  return new SignJWT({ jti: 'proof-1', htm: 'POST', htu: URL_, iat: IAT, ...claims })
    .setProtectedHeader({ alg, typ: 'dpop+jwt', jwk: key.publicJwk, ...header })
    .sign(key.privateKey);
}

/** An unsigned JWT (`alg: none`) or one MACed with a symmetric key. */
function unsecured(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(claims)}.`;
}

describe('verifyDpopProof', () => {
  let key: Key;
  beforeAll(async () => {
    key = await newKey();
  });

  it('accepts a proof for this request and answers its key thumbprint, jti and iat', async () => {
    await expect(verifyDpopProof(await proof(key), OPTIONS)).resolves.toStrictEqual({
      jkt: await calculateJwkThumbprint(key.publicJwk, 'sha256'),
      jti: 'proof-1',
      iat: IAT,
    });
  });

  it('accepts RS256 and EdDSA keys, and returns the nonce claim for the caller to check', async () => {
    const rsa = await newKey('RS256');
    await expect(verifyDpopProof(await proof(rsa, {}, {}, 'RS256'), OPTIONS)).resolves.toMatchObject({ jti: 'proof-1' });
    const ed = await newKey('EdDSA');
    await expect(verifyDpopProof(await proof(ed, { nonce: 'n-1' }, {}, 'EdDSA'), OPTIONS)).resolves.toMatchObject({ nonce: 'n-1' });
  });

  it('ignores the query and fragment of htu, and compares scheme and host as URLs do', async () => {
    await expect(verifyDpopProof(await proof(key, { htu: `${URL_}?x=1#f` }), OPTIONS)).resolves.toBeDefined();
    await expect(verifyDpopProof(await proof(key, { htu: 'HTTPS://LEDGER.example:443/oauth2/default/v1/token' }), OPTIONS)).resolves.toBeDefined();
  });

  it.each([
    ['another htu path', { htu: 'https://ledger.example/oauth2/other/v1/token' }, 'htu'],
    ['another htu host', { htu: 'https://evil.example/oauth2/default/v1/token' }, 'htu'],
    ['another htu scheme', { htu: 'http://ledger.example/oauth2/default/v1/token' }, 'htu'],
    ['an htu that is not a URL', { htu: 'token' }, 'htu'],
    ['another htm', { htm: 'GET' }, 'htm'],
    ['a jti that is not a string', { jti: 42 }, 'jti'],
    ['an iat in the future beyond the tolerance', { iat: IAT + 6 }, 'iat'],
    ['a nonce that is not a string', { nonce: 7 }, 'nonce'],
  ])('refuses %s', async (_, claims, claim) => {
    await expect(verifyDpopProof(await proof(key, claims), OPTIONS)).rejects.toMatchObject({ name: 'JwtVerificationFailed', claim });
  });

  it('refuses an iat older than the window (plus tolerance), and accepts one at its edge', async () => {
    await expect(verifyDpopProof(await proof(key, { iat: IAT - 66 }), OPTIONS)).rejects.toMatchObject({ code: 'jwt_expired' });
    await expect(verifyDpopProof(await proof(key, { iat: IAT - 64 }), OPTIONS)).resolves.toBeDefined();
  });

  it.each(['jti', 'htm', 'htu', 'iat'])('refuses a proof without %s', async (claim) => {
    const claims: Record<string, unknown> = { jti: 'proof-1', htm: 'POST', htu: URL_, iat: IAT };
    delete claims[claim];
    const jwt = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.publicJwk }).sign(key.privateKey);
    await expect(verifyDpopProof(jwt, OPTIONS)).rejects.toMatchObject({ name: 'JwtVerificationFailed' });
  });

  it('refuses another typ, and no typ', async () => {
    await expect(verifyDpopProof(await proof(key, {}, { typ: 'JWT' }), OPTIONS)).rejects.toMatchObject({ claim: 'typ' });
    const jwt = await new SignJWT({ jti: 'p', htm: 'POST', htu: URL_, iat: IAT }).setProtectedHeader({ alg: 'ES256', jwk: key.publicJwk }).sign(key.privateKey);
    await expect(verifyDpopProof(jwt, OPTIONS)).rejects.toMatchObject({ claim: 'typ' });
  });

  it('refuses a private key in the header, naming the jwk and never the key', async () => {
    const error = await verifyDpopProof(await proof(key, {}, { jwk: key.privateJwk }), OPTIONS).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'jwt_claim_invalid', detail: 'private_key_in_header', claim: 'jwk' });
    expect(JSON.stringify(error) + String(error)).not.toContain(String(key.privateJwk.d));
  });

  it('refuses a proof signed by another key than the one in its header', async () => {
    const other = await newKey();
    await expect(verifyDpopProof(await proof(other, {}, { jwk: key.publicJwk }), OPTIONS)).rejects.toMatchObject({
      code: 'jwt_signature_invalid',
    });
  });

  it('refuses a proof without a jwk header', async () => {
    const jwt = await new SignJWT({ jti: 'p', htm: 'POST', htu: URL_, iat: IAT }).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt' }).sign(key.privateKey);
    await expect(verifyDpopProof(jwt, OPTIONS)).rejects.toMatchObject({ name: 'JwtVerificationFailed' });
  });

  it('refuses alg none and HS256 (a MAC proves no key possession)', async () => {
    const claims = { jti: 'p', htm: 'POST', htu: URL_, iat: IAT };
    await expect(verifyDpopProof(unsecured({ alg: 'none', typ: 'dpop+jwt', jwk: key.publicJwk }, claims), OPTIONS)).rejects.toMatchObject({
      name: 'JwtVerificationFailed',
    });
    const secret = new Uint8Array(32).fill(7);
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: { kty: 'oct', k: Buffer.from(secret).toString('base64url') } as never })
      .sign(secret);
    await expect(verifyDpopProof(hs, OPTIONS)).rejects.toMatchObject({ name: 'JwtVerificationFailed' });
  });

  it('refuses garbage and oversized input before parsing', async () => {
    await expect(verifyDpopProof('not-a-jwt', OPTIONS)).rejects.toMatchObject({ code: 'jwt_malformed' });
    await expect(verifyDpopProof('a'.repeat(9000), OPTIONS)).rejects.toMatchObject({ code: 'jwt_malformed', detail: 'proof_length' });
  });
});

describe('DpopNonces', () => {
  const serverKey = Buffer.alloc(32, 3);
  const nonces = new DpopNonces(serverKey, 300);
  const t = NOW.getTime();

  it('accepts its nonce in its slot and the next one, and refuses it afterwards', () => {
    const nonce = nonces.current(t);
    expect(nonces.accepts(nonce, t)).toBe(true);
    expect(nonces.accepts(nonce, t + 300_000)).toBe(true);
    expect(nonces.accepts(nonce, t + 600_000)).toBe(false);
  });

  it('refuses a nonce from another server key, a future slot or a forged tag', () => {
    expect(nonces.accepts(new DpopNonces(Buffer.alloc(32, 4), 300).current(t), t)).toBe(false);
    expect(nonces.accepts(nonces.current(t + 300_000), t)).toBe(false);
    const [slot] = nonces.current(t).split('.');
    expect(nonces.accepts(`${slot}.${'A'.repeat(22)}`, t)).toBe(false);
    expect(nonces.accepts('garbage', t)).toBe(false);
  });

  it('is the same on every replica sharing the server key', () => {
    expect(new DpopNonces(serverKey, 300).current(t)).toBe(nonces.current(t));
  });
});
