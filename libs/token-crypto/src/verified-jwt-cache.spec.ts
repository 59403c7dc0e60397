import { generateKeyPairSync } from 'node:crypto';
import type { PublicJwk } from './jwks';
import { JwtSigner } from './jwt-signer';
import { verifyJwt, type VerifyJwtOptions } from './jwt-verifier';
import { VerifiedJwtCache } from './verified-jwt-cache';

const NOW = new Date('2025-01-15T10:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);
const ISSUER = 'https://ledger.test/oauth2/default';

function newKey(kid: string): { signer: JwtSigner; publicJwk: PublicJwk } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = privateKey.export({ format: 'jwk' }) as Record<string, string>;
  return { signer: new JwtSigner(kid, privateKey), publicJwk: { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' } };
}

describe('VerifiedJwtCache', () => {
  const key = newKey('k1');
  const keys: readonly PublicJwk[] = [key.publicJwk];
  const options: Omit<VerifyJwtOptions, 'keys'> = { issuer: ISSUER, typ: 'at+jwt', currentDate: NOW, requiredClaims: ['jti', 'exp'] };
  const token = key.signer.sign({ iss: ISSUER, sub: 'u', iat: NOW_S, nbf: NOW_S - 10, exp: NOW_S + 60, jti: 'f.1' }, { typ: 'at+jwt' });
  const at = (seconds: number) => ({ ...options, currentDate: new Date((NOW_S + seconds) * 1000) });

  async function remembered(): Promise<VerifiedJwtCache> {
    const cache = new VerifiedJwtCache(10);
    cache.remember(token, keys, options, await verifyJwt(token, { ...options, keys }));
    return cache;
  }

  it('answers a verified token again, for the same keys and checks, while its time claims hold', async () => {
    const cache = await remembered();
    expect(cache.get(token, keys, options)?.payload).toMatchObject({ jti: 'f.1', sub: 'u' });
    expect(cache.get(token, keys, at(59))?.payload.jti).toBe('f.1');
  });

  it('never answers for other bytes: a token differing in one character of its signature misses', async () => {
    const cache = await remembered();
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const forged = `${token.slice(0, -2)}${last}${token.at(-1)}`;
    expect(cache.get(forged, keys, options)).toBeUndefined();
  });

  it('misses on another key list (rotation, retirement) and on a list that no longer holds the verifying key', async () => {
    const cache = await remembered();
    expect(cache.get(token, [key.publicJwk], options)).toBeUndefined();
    const editable = [key.publicJwk];
    const other = await remembered();
    other.remember(token, editable, options, await verifyJwt(token, { ...options, keys: editable }));
    editable.splice(0, 1, newKey('k2').publicJwk);
    expect(other.get(token, editable, options)).toBeUndefined();
  });

  it('misses when any check but the time differs: issuer, typ, audience, tolerance, required claims', async () => {
    const cache = await remembered();
    for (const changed of [{ issuer: 'https://other' }, { typ: 'JWT' }, { audience: 'api' }, { clockToleranceSeconds: 5 }, { requiredClaims: ['jti'] }]) {
      expect(cache.get(token, keys, { ...options, ...changed })).toBeUndefined();
    }
  });

  it("checks exp and nbf again as jose does, and forgets a token that fails them", async () => {
    const cache = await remembered();
    expect(cache.get(token, keys, at(60))).toBeUndefined(); // exp <= now
    expect(cache.size).toBe(0);
    const early = await remembered();
    expect(early.get(token, keys, at(-11))).toBeUndefined(); // nbf > now
    const tolerant = new VerifiedJwtCache(10);
    const lenient = { ...options, clockToleranceSeconds: 30 };
    tolerant.remember(token, keys, lenient, await verifyJwt(token, { ...lenient, keys }));
    expect(tolerant.get(token, keys, { ...lenient, currentDate: new Date((NOW_S + 89) * 1000) })).toBeDefined();
    expect(tolerant.get(token, keys, { ...lenient, currentDate: new Date((NOW_S + 90) * 1000) })).toBeUndefined();
  });

  it('keeps at most its bound, least recently used out first', async () => {
    const cache = new VerifiedJwtCache(2);
    const tokens = [1, 2, 3].map((n) => key.signer.sign({ iss: ISSUER, sub: 'u', iat: NOW_S, exp: NOW_S + 60, jti: `f.${n}` }, { typ: 'at+jwt' }));
    for (const t of tokens) cache.remember(t, keys, options, await verifyJwt(t, { ...options, keys }));
    expect(cache.size).toBe(2);
    expect(cache.get(tokens[0], keys, options)).toBeUndefined();
    expect(cache.get(tokens[2], keys, options)?.payload.jti).toBe('f.3');
  });
});
