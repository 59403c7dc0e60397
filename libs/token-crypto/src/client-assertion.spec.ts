import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { verifyClientAssertion, type VerifyClientAssertionOptions } from './client-assertion';
import { readClientAssertionSubject } from './client-assertion-subject';
import { JwtVerificationFailed } from './errors';

const NOW = new Date('2026-01-01T00:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);
const ISSUER = 'https://ledger.test/oauth2/default';
const TOKEN_ENDPOINT = `${ISSUER}/v1/token`;
const CLIENT_ID = 'batch-job';

interface ClientKey {
  readonly privateKey: KeyLike;
  readonly publicJwk: JWK;
  readonly alg: string;
}

async function clientKey(alg: 'ES256' | 'RS256' | 'PS256', kid?: string): Promise<ClientKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), ...(kid ? { kid } : {}) };
  return { privateKey, publicJwk, alg };
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: CLIENT_ID, sub: CLIENT_ID, aud: TOKEN_ENDPOINT, iat: NOW_S, exp: NOW_S + 60, jti: 'assertion-1', ...overrides };
}

/** Signs the claims as given (undefined members are dropped), with the key's kid if any. */
function sign(key: ClientKey, payload: Record<string, unknown> = claims(), header: Record<string, unknown> = {}): Promise<string> {
  const defined = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
  return new SignJWT(defined)
    .setProtectedHeader({ alg: key.alg, ...(key.publicJwk.kid ? { kid: key.publicJwk.kid } : {}), ...header })
    .sign(key.privateKey);
}

describe('verifyClientAssertion (RFC 7523 §3)', () => {
  let es256: ClientKey;
  let rs256: ClientKey;
  let options: VerifyClientAssertionOptions;

  beforeAll(async () => {
    es256 = await clientKey('ES256', 'es-1');
    rs256 = await clientKey('RS256', 'rs-1');
    options = {
      jwks: { keys: [es256.publicJwk, rs256.publicJwk] },
      clientId: CLIENT_ID,
      audiences: [TOKEN_ENDPOINT, ISSUER],
      currentDate: NOW,
      maxLifetimeSeconds: 3600,
    };
  });

  it.each(['ES256', 'RS256'])('accepts a valid %s assertion and returns its jti and exp', async (alg) => {
    const key = alg === 'ES256' ? es256 : rs256;
    await expect(verifyClientAssertion(await sign(key), options)).resolves.toEqual({
      clientId: CLIENT_ID,
      jti: 'assertion-1',
      exp: NOW_S + 60,
      alg,
      kid: key.publicJwk.kid,
    });
  });

  it('accepts PS256, an aud list naming the issuer, and no iat', async () => {
    const ps256 = await clientKey('PS256');
    const token = await sign(ps256, claims({ aud: ['https://elsewhere.test', ISSUER], iat: undefined }));
    await expect(verifyClientAssertion(token, { ...options, jwks: { keys: [ps256.publicJwk] } })).resolves.toMatchObject({ alg: 'PS256' });
  });

  it('tries every matching key when the header names no kid (a client rotating its keys)', async () => {
    const oldKey = await clientKey('ES256');
    const newKey = await clientKey('ES256');
    const token = await sign(newKey);
    await expect(verifyClientAssertion(token, { ...options, jwks: { keys: [oldKey.publicJwk, newKey.publicJwk] } })).resolves.toMatchObject({
      jti: 'assertion-1',
    });
    const stranger = await clientKey('ES256');
    await expect(
      verifyClientAssertion(await sign(stranger), { ...options, jwks: { keys: [oldKey.publicJwk, newKey.publicJwk] } }),
    ).rejects.toMatchObject({ code: 'jwt_signature_invalid' });
  });

  it('refuses a wrong signature (tampered payload)', async () => {
    const [header, , signature] = (await sign(es256)).split('.');
    const forged = Buffer.from(JSON.stringify(claims({ sub: 'other-client' }))).toString('base64url');
    await expect(verifyClientAssertion(`${header}.${forged}.${signature}`, options)).rejects.toMatchObject({
      code: 'jwt_signature_invalid',
    });
  });

  it('refuses a key registered by another client, even one claiming a registered kid', async () => {
    const other = await clientKey('ES256', 'other-client-key');
    await expect(verifyClientAssertion(await sign(other), options)).rejects.toMatchObject({ code: 'jwt_key_unknown' });
    const anonymous = await clientKey('ES256');
    await expect(verifyClientAssertion(await sign(anonymous), options)).rejects.toMatchObject({ code: 'jwt_signature_invalid' });
    const impostor = await clientKey('ES256', 'es-1');
    await expect(verifyClientAssertion(await sign(impostor), options)).rejects.toMatchObject({ code: 'jwt_signature_invalid' });
  });

  it('refuses an aud naming neither the token endpoint nor the issuer', async () => {
    const token = await sign(es256, claims({ aud: 'https://ledger.test/oauth2/other/v1/token' }));
    await expect(verifyClientAssertion(token, options)).rejects.toMatchObject({ code: 'jwt_claim_invalid', claim: 'aud' });
  });

  it('refuses an expired assertion, and one whose exp is further ahead than the maximum lifetime', async () => {
    await expect(verifyClientAssertion(await sign(es256, claims({ exp: NOW_S - 1 })), options)).rejects.toMatchObject({
      code: 'jwt_expired',
      claim: 'exp',
    });
    await expect(verifyClientAssertion(await sign(es256, claims({ exp: NOW_S + 3601 })), options)).rejects.toMatchObject({
      code: 'jwt_claim_invalid',
      claim: 'exp',
      detail: 'exp_too_far_in_future',
    });
    await expect(verifyClientAssertion(await sign(es256, claims({ exp: undefined })), options)).rejects.toMatchObject({
      code: 'jwt_claim_invalid',
      claim: 'exp',
    });
  });

  it('refuses an iat or nbf in the future', async () => {
    await expect(verifyClientAssertion(await sign(es256, claims({ iat: NOW_S + 30 })), options)).rejects.toMatchObject({
      code: 'jwt_claim_invalid',
      claim: 'iat',
    });
    await expect(verifyClientAssertion(await sign(es256, claims({ nbf: NOW_S + 30 })), options)).rejects.toMatchObject({
      code: 'jwt_not_yet_valid',
    });
  });

  it('refuses a missing or non-string jti', async () => {
    await expect(verifyClientAssertion(await sign(es256, claims({ jti: undefined })), options)).rejects.toMatchObject({
      code: 'jwt_claim_invalid',
      claim: 'jti',
    });
    await expect(verifyClientAssertion(await sign(es256, claims({ jti: 42 })), options)).rejects.toMatchObject({
      code: 'jwt_claim_invalid',
      claim: 'jti',
    });
  });

  it('refuses iss ≠ sub, and iss = sub naming another client', async () => {
    await expect(verifyClientAssertion(await sign(es256, claims({ sub: 'someone-else' })), options)).rejects.toMatchObject({
      code: 'jwt_claim_invalid',
      claim: 'sub',
    });
    await expect(verifyClientAssertion(await sign(es256, claims({ iss: 'other', sub: 'other' })), options)).rejects.toMatchObject({
      code: 'jwt_claim_invalid',
      claim: 'iss',
    });
  });

  it('refuses alg none and HS256 (algorithm confusion) with jwt_alg_not_allowed', async () => {
    const payload = Buffer.from(JSON.stringify(claims())).toString('base64url');
    for (const alg of ['none', 'HS256']) {
      const header = Buffer.from(JSON.stringify({ alg, kid: 'es-1' })).toString('base64url');
      await expect(verifyClientAssertion(`${header}.${payload}.c2ln`, options)).rejects.toMatchObject({ code: 'jwt_alg_not_allowed' });
      await expect(verifyClientAssertion(`${header}.${payload}.`, options)).rejects.toMatchObject({ code: 'jwt_alg_not_allowed' });
    }
  });

  it('refuses garbage and oversized input with jwt_malformed', async () => {
    await expect(verifyClientAssertion('not-a-jwt', options)).rejects.toMatchObject({ code: 'jwt_malformed' });
    await expect(verifyClientAssertion('a'.repeat(20_000), options)).rejects.toMatchObject({ code: 'jwt_malformed' });
  });

  it('never puts the assertion or its claims in the error', async () => {
    const token = await sign(es256, claims({ exp: NOW_S - 10, jti: 'secret-jti-value' }));
    const error = await verifyClientAssertion(token, options).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JwtVerificationFailed);
    const rendered = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`;
    expect(rendered).not.toContain(token.split('.')[1]);
    expect(rendered).not.toContain('secret-jti-value');
  });
});

describe('readClientAssertionSubject', () => {
  it('reads sub (else iss) without verifying, and nothing from garbage', async () => {
    const key = await clientKey('ES256');
    expect(readClientAssertionSubject(await sign(key))).toBe(CLIENT_ID);
    expect(readClientAssertionSubject(await sign(key, claims({ sub: undefined, iss: 'from-iss' })))).toBe('from-iss');
    expect(readClientAssertionSubject('not-a-jwt')).toBeUndefined();
    expect(readClientAssertionSubject(await sign(key, claims({ sub: 7, iss: undefined })))).toBeUndefined();
  });
});
