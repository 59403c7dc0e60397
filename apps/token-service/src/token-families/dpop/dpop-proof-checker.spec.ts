import { loadLedgerConfig } from '@ledger/config';
import { InMemoryEventStore } from '@ledger/testing';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuthorizationServerView, ClientView } from '../../configuration/configuration.registry';
import { DpopProofChecker } from './dpop-proof-checker';

const T0 = Date.UTC(2026, 0, 1);
const ISSUER = 'https://ledger.example/oauth2/default';
const server = { id: 'default', issuer: ISSUER } as AuthorizationServerView;
const context = { requestId: 'req-1', correlationId: 'corr-1', actor: 'client:spa' };

function client(overrides: Partial<ClientView> = {}): ClientView {
  return {
    clientId: 'spa',
    clientName: 'spa',
    status: 'ACTIVE',
    tokenEndpointAuthMethod: 'none',
    grantTypes: ['refresh_token'],
    secretHashes: [],
    jwks: null,
    refreshToken: { rotationType: 'ROTATE', leeway: 30 },
    dpopBoundAccessTokens: false,
    ...overrides,
  };
}

/** The checker on an in-memory store with a fixed clock; `env` adds `LEDGER_DPOP_*`. */
function checker(env: Record<string, string> = {}) {
  const store = new InMemoryEventStore();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-dpop-'));
  const config = loadLedgerConfig({ LEDGER_DATA_DIR: dataDir, LEDGER_TOKEN_KEY: Buffer.alloc(32, 9).toString('base64url'), ...env });
  return { store, checker: new DpopProofChecker({ now: () => T0 }, config, store) };
}

describe('DpopProofChecker', () => {
  let privateKey: KeyLike;
  let publicJwk: JWK;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    publicJwk = await exportJWK(pair.publicKey);
  });

  const proof = (claims: Record<string, unknown> = {}) =>
    new SignJWT({ jti: `p-${Math.random()}`, htm: 'POST', htu: `${ISSUER}/v1/token`, iat: T0 / 1000, ...claims })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: publicJwk })
      .sign(privateKey);

  it('has nothing to do without a header for a client that is not DPoP-bound (the hot path)', async () => {
    expect(DpopProofChecker.applies(undefined, client())).toBe(false);
    expect(DpopProofChecker.applies(undefined, client({ dpopBoundAccessTokens: true }))).toBe(true);
    expect(DpopProofChecker.applies('x', client())).toBe(true);
    const { store, checker: c } = checker();
    await expect(c.check(undefined, server, client(), context)).resolves.toBeUndefined();
    expect(await store.readAll({ maxCount: 10 })).toEqual([]);
  });

  it('refuses a DPoP-bound client without a proof, and two proofs', async () => {
    const { checker: c } = checker();
    await expect(c.check(undefined, server, client({ dpopBoundAccessTokens: true }), context)).rejects.toMatchObject({
      code: 'invalid_dpop_proof',
      reason: 'dpop_proof_missing',
    });
    const one = await proof();
    await expect(c.check(`${one}, ${one}`, server, client(), context)).rejects.toMatchObject({ reason: 'dpop_multiple_proofs' });
    await expect(c.check([one, one] as unknown as string, server, client(), context)).rejects.toMatchObject({ reason: 'dpop_multiple_proofs' });
  });

  it("answers the key's thumbprint and whether the client is public, and refuses the same proof twice", async () => {
    const { checker: c } = checker();
    const once = await proof();
    const jkt = await calculateJwkThumbprint(publicJwk, 'sha256');
    await expect(c.check(once, server, client(), context)).resolves.toEqual({ jkt, publicClient: true });
    await expect(c.check(once, server, client(), context)).rejects.toMatchObject({ code: 'invalid_dpop_proof', reason: 'dpop_proof_replayed' });
    await expect(c.check(await proof(), server, client({ tokenEndpointAuthMethod: 'client_secret_basic' }), context)).resolves.toEqual({
      jkt,
      publicClient: false,
    });
  });

  it('checks htu against the issuer, not any other URL', async () => {
    const { checker: c } = checker();
    await expect(c.check(await proof({ htu: 'https://other.example/oauth2/default/v1/token' }), server, client(), context)).rejects.toMatchObject({
      code: 'invalid_dpop_proof',
      reason: 'dpop_proof_invalid',
      detail: expect.stringContaining('htu'),
    });
  });

  it('with LEDGER_DPOP_NONCE=on, answers use_dpop_nonce with a nonce it then accepts, recording nothing before', async () => {
    const { store, checker: c } = checker({ LEDGER_DPOP_NONCE: 'on' });
    const first = await proof();
    await expect(c.check(first, server, client(), context)).rejects.toMatchObject({ code: 'use_dpop_nonce', nonce: expect.any(String) });
    const refused = (await c.check(first, server, client(), context).then(
      () => ({ nonce: '' }),
      (error: unknown) => error as { nonce: string },
    ));
    expect(await store.readAll({ maxCount: 10 })).toEqual([]);
    await expect(c.check(await proof({ nonce: 'forged' }), server, client(), context)).rejects.toMatchObject({ code: 'use_dpop_nonce' });
    await expect(c.check(await proof({ nonce: refused.nonce }), server, client(), context)).resolves.toMatchObject({ publicClient: true });
  });
});
