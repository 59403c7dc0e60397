import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { JwtSigner } from './jwt-signer';
import { JwtSigningThread } from './jwt-signing-thread';

const NOW = new Date('2025-01-15T10:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);

function newKey(kid: string): { signer: JwtSigner; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { signer: new JwtSigner(kid, privateKey), publicKey };
}

const accessClaims = (n: number) => ({ iss: 'https://ledger.test/oauth2/default', sub: `u${n}`, aud: 'api://default', iat: NOW_S, exp: NOW_S + 60, jti: `j${n}`, client_id: 'c1', scope: 'openid' });
const idClaims = (n: number) => ({ iss: 'https://ledger.test/oauth2/default', sub: `u${n}`, aud: 'c1', exp: NOW_S + 3600, iat: NOW_S, jti: `i${n}`, at_hash: '', preferred_username: `user "${n}"` });
const leftHalfSha256 = (token: string) => createHash('sha256').update(token).digest().subarray(0, 16).toString('base64url');

/** The thread's worker, to kill it as a crash would (a private field, as in the event store's specs). */
const workerOf = (thread: JwtSigningThread): Worker => (thread as unknown as { worker: Worker }).worker;

describe('JwtSigningThread', () => {
  let thread: JwtSigningThread;
  afterEach(async () => {
    await thread.close();
  });

  it('signs what the calling thread would: jose verifies every token of a batch with its own key, claims and at_hash in place', async () => {
    thread = JwtSigningThread.start();
    const keys = [newKey('k1'), newKey('k2')];
    // One turn of the event loop: all of these travel to the thread as one batch.
    const pending = Array.from({ length: 40 }, (_, n) => keys[n % 2].signer.signTokensOn(thread, accessClaims(n), n % 3 === 0 ? undefined : idClaims(n)));
    const signed = await Promise.all(pending);

    for (const [n, tokens] of signed.entries()) {
      const { signer, publicKey } = keys[n % 2];
      const at = await jwtVerify(tokens.accessToken, publicKey, { currentDate: NOW, typ: 'at+jwt', algorithms: ['ES256'] });
      expect(at.protectedHeader).toStrictEqual({ alg: 'ES256', kid: signer.kid, typ: 'at+jwt' });
      expect(at.payload).toStrictEqual(accessClaims(n));
      if (n % 3 === 0) {
        expect(tokens.idToken).toBeUndefined();
        continue;
      }
      const id = await jwtVerify(tokens.idToken!, publicKey, { currentDate: NOW, typ: 'JWT', algorithms: ['ES256'] });
      expect(id.payload).toStrictEqual({ ...idClaims(n), at_hash: leftHalfSha256(tokens.accessToken) });
      expect(Object.keys(id.payload)).toEqual(Object.keys(idClaims(n)));
      // The same header bytes as a token signed on the calling thread.
      expect(tokens.idToken!.split('.')[0]).toBe(signer.signTokens(accessClaims(n), idClaims(n)).idToken!.split('.')[0]);
    }
    expect(thread.running).toBe(true);
  });

  it('signs RS256 on the thread too, beside ES256 jobs of the same batch', async () => {
    thread = JwtSigningThread.start();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaSigner = new JwtSigner('rsa-kid', rsa.privateKey);
    const ec = newKey('ec-kid');
    const [rs, es] = await Promise.all([rsaSigner.signTokensOn(thread, accessClaims(1), idClaims(1)), ec.signer.signTokensOn(thread, accessClaims(2))]);
    const at = await jwtVerify(rs.accessToken, rsa.publicKey, { currentDate: NOW, typ: 'at+jwt', algorithms: ['RS256'] });
    expect(at.protectedHeader).toStrictEqual({ alg: 'RS256', kid: 'rsa-kid', typ: 'at+jwt' });
    const id = await jwtVerify(rs.idToken!, rsa.publicKey, { currentDate: NOW, typ: 'JWT', algorithms: ['RS256'] });
    expect(id.payload.at_hash).toBe(leftHalfSha256(rs.accessToken));
    await expect(jwtVerify(es.accessToken, ec.publicKey, { currentDate: NOW, algorithms: ['ES256'] })).resolves.toBeDefined();
    expect(thread.running).toBe(true);
  });

  it('sets at_hash whatever the other claims hold (claim values that look like the placeholder), on either thread', async () => {
    thread = JwtSigningThread.start();
    const { signer, publicKey } = newKey('k3');
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), fc.boolean(), async (subject, username, withPlaceholder) => {
        const access = { sub: subject, jti: 'a' };
        const id: Record<string, unknown> = withPlaceholder
          ? { sub: `"at_hash":""${subject}`, at_hash: '', preferred_username: username }
          : { sub: subject, preferred_username: `${username}"at_hash":""` };
        for (const tokens of [signer.signTokens(access, id), await signer.signTokensOn(thread, access, id)]) {
          const { payload } = await jwtVerify(tokens.idToken!, publicKey, { algorithms: ['ES256'] });
          expect(payload).toStrictEqual({ ...id, at_hash: leftHalfSha256(tokens.accessToken) });
        }
      }),
      { numRuns: 100 },
    );
  });

  it('signs the jobs in flight and every later one on the calling thread when the thread dies', async () => {
    const failures: Error[] = [];
    thread = JwtSigningThread.start({ onFailure: (error) => failures.push(error) });
    const { signer, publicKey } = newKey('k4');
    await signer.signTokensOn(thread, accessClaims(0)); // the key is on the thread now

    const inFlight = Array.from({ length: 10 }, (_, n) => signer.signTokensOn(thread, accessClaims(n), idClaims(n)));
    await workerOf(thread).terminate();
    const later = signer.signTokensOn(thread, accessClaims(99), idClaims(99));

    for (const tokens of [...(await Promise.all(inFlight)), await later]) {
      await expect(jwtVerify(tokens.accessToken, publicKey, { currentDate: NOW, algorithms: ['ES256'] })).resolves.toBeDefined();
      await expect(jwtVerify(tokens.idToken!, publicKey, { currentDate: NOW, algorithms: ['ES256'] })).resolves.toBeDefined();
    }
    expect(thread.running).toBe(false);
    expect(failures).toHaveLength(1);
    expect(failures[0].message).toMatch(/signing thread exited/);
  });

  it('closes once the jobs already submitted are signed; afterwards it signs on the calling thread', async () => {
    const failures: Error[] = [];
    thread = JwtSigningThread.start({ onFailure: (error) => failures.push(error) });
    const { signer, publicKey } = newKey('k5');
    const submitted = Array.from({ length: 5 }, (_, n) => signer.signTokensOn(thread, accessClaims(n)));
    await thread.close();
    const signed = await Promise.all([...submitted, signer.signTokensOn(thread, accessClaims(5))]);
    for (const tokens of signed) expect(decodeProtectedHeader(tokens.accessToken)).toStrictEqual({ alg: 'ES256', kid: 'k5', typ: 'at+jwt' });
    await expect(jwtVerify(signed[5].accessToken, publicKey, { currentDate: NOW, algorithms: ['ES256'] })).resolves.toBeDefined();
    expect(thread.running).toBe(false);
    expect(failures).toEqual([]); // closing is not a failure
  });
});
