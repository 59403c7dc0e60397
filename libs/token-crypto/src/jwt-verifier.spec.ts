import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { JwtVerificationFailed } from './errors';
import { createJwks, type PublicJwk } from './jwks';
import { JwtSigner } from './jwt-signer';
import { accessTokenLookupOptions, verifyJwt, type VerifyJwtOptions } from './jwt-verifier';

const NOW = new Date('2025-01-15T10:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);
const ISSUER = 'https://ledger.test/oauth2/default';

interface TestKey {
  readonly signer: JwtSigner;
  readonly publicJwk: PublicJwk;
  readonly privateJwk: Record<string, unknown>;
}

async function newKey(kid?: string): Promise<TestKey> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privateJwk = privateKey.export({ format: 'jwk' }) as Record<string, string>;
  const { kty, crv, x, y } = privateJwk as { kty: string; crv: string; x: string; y: string };
  const id = kid ?? (await calculateJwkThumbprint({ kty, crv, x, y }));
  return { signer: new JwtSigner(id, privateKey), publicJwk: { kty, crv, x, y, kid: id, alg: 'ES256', use: 'sig' }, privateJwk: { ...privateJwk, kid: id } };
}

function accessClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: ISSUER, sub: 'user-1', aud: 'api://default', iat: NOW_S, exp: NOW_S + 3600, jti: 'jti-1', cid: 'client-1', ...overrides };
}

describe('verifyJwt', () => {
  let key: TestKey;
  let options: VerifyJwtOptions;

  beforeAll(async () => {
    key = await newKey();
    options = { keys: [key.publicJwk], issuer: ISSUER, audience: 'api://default', typ: 'at+jwt', currentDate: NOW };
  });

  it('accepts an access token from JwtSigner and returns its claims and header', async () => {
    const token = key.signer.sign(accessClaims(), { typ: 'at+jwt' });
    const { payload, protectedHeader } = await verifyJwt(token, options);
    expect(payload).toStrictEqual(accessClaims());
    expect(protectedHeader).toStrictEqual({ alg: 'ES256', kid: key.signer.kid, typ: 'at+jwt' });
  });

  it('selects the key by kid among several', async () => {
    const other = await newKey();
    const token = other.signer.sign(accessClaims(), { typ: 'at+jwt' });
    const { protectedHeader } = await verifyJwt(token, { ...options, keys: [key.publicJwk, other.publicJwk] });
    expect(protectedHeader.kid).toBe(other.signer.kid);
  });

  it('follows a key list mutated in place (rotation), not a cached copy of it', async () => {
    const rotated = await newKey();
    const keys = [key.publicJwk];
    const token = rotated.signer.sign(accessClaims(), { typ: 'at+jwt' });
    await expect(verifyJwt(token, { ...options, keys })).rejects.toMatchObject({ code: 'jwt_key_unknown' });
    keys.push(rotated.publicJwk);
    await expect(verifyJwt(token, { ...options, keys })).resolves.toBeDefined();
    keys.splice(1, 1);
    await expect(verifyJwt(token, { ...options, keys })).rejects.toMatchObject({ code: 'jwt_key_unknown' });
  });

  it('refuses a tampered payload with jwt_signature_invalid', async () => {
    const [header, , signature] = key.signer.sign(accessClaims(), { typ: 'at+jwt' }).split('.');
    const forged = Buffer.from(JSON.stringify(accessClaims({ sub: 'admin' }))).toString('base64url');
    await expect(verifyJwt(`${header}.${forged}.${signature}`, options)).rejects.toMatchObject({
      code: 'jwt_signature_invalid',
      detail: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it('refuses a flipped signature character with jwt_signature_invalid', async () => {
    const token = key.signer.sign(accessClaims(), { typ: 'at+jwt' });
    const i = token.length - 5;
    const flipped = `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
    await expect(verifyJwt(flipped, options)).rejects.toMatchObject({ code: 'jwt_signature_invalid' });
  });

  it('refuses a truncated signature with jwt_signature_invalid and a missing one with jwt_malformed', async () => {
    const token = key.signer.sign(accessClaims(), { typ: 'at+jwt' });
    await expect(verifyJwt(token.slice(0, -10), options)).rejects.toMatchObject({ code: 'jwt_signature_invalid' });
    await expect(verifyJwt(token.slice(0, token.lastIndexOf('.')), options)).rejects.toMatchObject({
      code: 'jwt_malformed',
      detail: 'ERR_JWS_INVALID',
    });
  });

  it('refuses garbage, the empty string and oversized input with jwt_malformed', async () => {
    await expect(verifyJwt('not-a-jwt', options)).rejects.toMatchObject({ code: 'jwt_malformed' });
    await expect(verifyJwt('', options)).rejects.toMatchObject({ code: 'jwt_malformed', detail: 'token_length' });
    await expect(verifyJwt('a'.repeat(20_000), options)).rejects.toMatchObject({ code: 'jwt_malformed', detail: 'token_length' });
  });

  it('refuses a token of a key the authorization server does not have with jwt_key_unknown', async () => {
    const stranger = await newKey();
    const token = stranger.signer.sign(accessClaims(), { typ: 'at+jwt' });
    await expect(verifyJwt(token, options)).rejects.toMatchObject({ code: 'jwt_key_unknown', detail: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  it('refuses another key that claims our kid with jwt_signature_invalid', async () => {
    const impostor = await newKey(key.signer.kid);
    const token = impostor.signer.sign(accessClaims(), { typ: 'at+jwt' });
    await expect(verifyJwt(token, options)).rejects.toMatchObject({ code: 'jwt_signature_invalid' });
  });

  it('refuses an expired token at a fixed currentDate, and accepts it inside the clock tolerance', async () => {
    const token = key.signer.sign(accessClaims({ exp: NOW_S - 10 }), { typ: 'at+jwt' });
    await expect(verifyJwt(token, options)).rejects.toMatchObject({ code: 'jwt_expired', detail: 'ERR_JWT_EXPIRED', claim: 'exp' });
    await expect(verifyJwt(token, { ...options, clockToleranceSeconds: 30 })).resolves.toBeDefined();
  });

  it('refuses a token used before nbf with jwt_not_yet_valid', async () => {
    const token = key.signer.sign(accessClaims({ nbf: NOW_S + 60 }), { typ: 'at+jwt' });
    await expect(verifyJwt(token, options)).rejects.toMatchObject({ code: 'jwt_not_yet_valid', claim: 'nbf' });
  });

  it.each([
    ['issuer', { iss: 'https://ledger.test/oauth2/other' }, 'iss'],
    ['audience', { aud: 'api://other' }, 'aud'],
  ])('refuses a wrong %s with jwt_claim_invalid', async (_name, overrides, claim) => {
    const token = key.signer.sign(accessClaims(overrides), { typ: 'at+jwt' });
    await expect(verifyJwt(token, options)).rejects.toMatchObject({
      code: 'jwt_claim_invalid',
      detail: 'ERR_JWT_CLAIM_VALIDATION_FAILED',
      claim,
    });
  });

  it('refuses an ID token (typ JWT) where an access token (typ at+jwt) is expected', async () => {
    const token = key.signer.sign(accessClaims(), { typ: 'JWT' });
    await expect(verifyJwt(token, options)).rejects.toMatchObject({ code: 'jwt_claim_invalid', claim: 'typ' });
  });

  it('refuses a missing required claim', async () => {
    const token = key.signer.sign(accessClaims({ jti: undefined }), { typ: 'at+jwt' });
    await expect(verifyJwt(token, { ...options, requiredClaims: ['jti'] })).rejects.toMatchObject({
      code: 'jwt_claim_invalid',
      claim: 'jti',
    });
  });

  it('refuses alg none and HS256 with jwt_alg_not_allowed', async () => {
    const payload = Buffer.from(JSON.stringify(accessClaims())).toString('base64url');
    for (const alg of ['none', 'HS256']) {
      const header = Buffer.from(JSON.stringify({ alg, kid: key.signer.kid, typ: 'at+jwt' })).toString('base64url');
      await expect(verifyJwt(`${header}.${payload}.c2ln`, options)).rejects.toMatchObject({ code: 'jwt_alg_not_allowed' });
    }
  });

  it('never puts the token or its claims in the error', async () => {
    const token = key.signer.sign(accessClaims({ exp: NOW_S - 10, sub: 'secret-subject' }), { typ: 'at+jwt' });
    const error = await verifyJwt(token, options).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JwtVerificationFailed);
    const rendered = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`;
    expect(rendered).not.toContain(token.split('.')[1]);
    expect(rendered).not.toContain('secret-subject');
    expect(error).not.toHaveProperty('cause');
  });
});

describe('createJwks', () => {
  it('keeps only public members, dropping d and unknown members', async () => {
    const key = await newKey();
    const jwks = createJwks([key.privateJwk, { ...key.publicJwk, extra: 'x' }]);
    expect(jwks.keys).toHaveLength(2);
    for (const jwk of jwks.keys) {
      expect(jwk).toStrictEqual({ kty: 'EC', crv: 'P-256', x: key.publicJwk.x, y: key.publicJwk.y, kid: key.signer.kid, ...(jwk.alg ? { alg: 'ES256', use: 'sig' } : {}) });
      expect(jwk).not.toHaveProperty('d');
    }
    expect(JSON.stringify(jwks)).not.toContain(String(key.privateJwk['d']));
  });
});

describe('accessTokenLookupOptions', () => {
  const NOW = Date.UTC(2026, 0, 1);

  it('checks issuer, typ at+jwt, the four claims every access token carries, and expiry with no tolerance', () => {
    expect(accessTokenLookupOptions('https://issuer.example/oauth2/default', NOW)).toEqual({
      issuer: 'https://issuer.example/oauth2/default',
      typ: 'at+jwt',
      currentDate: new Date(NOW),
      clockToleranceSeconds: 0,
      requiredClaims: ['jti', 'sub', 'exp', 'iat'],
    });
  });

  it('accepts an expired token only when asked (revocation and "why"), by ten years of tolerance', () => {
    expect(accessTokenLookupOptions('i', NOW, { ignoreExpiry: true }).clockToleranceSeconds).toBe(10 * 365 * 24 * 3600);
    expect(accessTokenLookupOptions('i', NOW, { ignoreExpiry: false }).clockToleranceSeconds).toBe(0);
  });
});
