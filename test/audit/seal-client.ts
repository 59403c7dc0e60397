import { compactVerify, createLocalJWKSet } from 'jose';
import { LedgerSealerScheduler } from '../../apps/token-service/src/audit/seals/ledger-sealer.scheduler';
import type { TestLedger } from '../support/ledger-harness';
import { rfc9162LeafHash, rfc9162VerifyConsistency, rfc9162VerifyInclusion } from '../support/rfc9162-verifier';
import { audit } from './audit-client';

/** Long enough that no timer seals during a test: the tests seal when they choose (`sealNow`). */
export const NO_TIMER = { LEDGER_SEAL_INTERVAL_MS: '3600000' };

export interface Seal {
  treeSize: number;
  rootHash: string;
  lastPosition: { commit: string; prepare: string } | null;
  previousSealHash: string | null;
  sealedAt: number;
  keyId: string;
  jws: string;
  revision: string;
  sealHash: string;
}

export async function latest(ledger: TestLedger): Promise<Seal> {
  const answer = await audit<Seal>(ledger, 'GET', '/api/v1/audit/seals/latest');
  expect(answer.status).toBe(200);
  return answer.body;
}

export function sealNow(ledger: TestLedger): Promise<void> {
  return ledger.app.get(LedgerSealerScheduler).sealNow();
}

/** Checks the seal's JWS with the published keys (jose, not the service's code) and answers its payload. */
export async function verifiedPayload(ledger: TestLedger, seal: Seal): Promise<Record<string, unknown>> {
  const jwks = await audit<{ keys: Record<string, string>[] }>(ledger, 'GET', '/api/v1/audit/sealing-keys');
  expect(jwks.status).toBe(200);
  for (const key of jwks.body.keys) expect(key).not.toHaveProperty('d');
  const { payload, protectedHeader } = await compactVerify(seal.jws, createLocalJWKSet(jwks.body as never), { algorithms: ['EdDSA'] });
  expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: 'ledger-seal+jws', kid: seal.keyId });
  return JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
}

/** Fetches the inclusion proof of the event at `commit` and checks it with the independent verifier. */
export async function checkInclusion(ledger: TestLedger, commit: string, seal: Seal): Promise<Record<string, any>> {
  const answer = await audit(ledger, 'GET', `/api/v1/audit/events/${commit}/proof?treeSize=${seal.treeSize}`);
  expect(answer.status).toBe(200);
  const { leafIndex, treeSize, leafHash, leafInput, proof } = answer.body;
  expect(treeSize).toBe(seal.treeSize);
  expect(rfc9162LeafHash(Buffer.from(leafInput, 'utf8'))).toBe(leafHash);
  expect(rfc9162VerifyInclusion(leafIndex, treeSize, leafHash, proof, seal.rootHash)).toBe(true);
  // And not for another root, nor another leaf.
  expect(rfc9162VerifyInclusion(leafIndex, treeSize, leafHash, proof, 'f'.repeat(64))).toBe(false);
  expect(rfc9162VerifyInclusion(leafIndex, treeSize, rfc9162LeafHash(Buffer.from(`${leafInput} `)), proof, seal.rootHash)).toBe(false);
  return answer.body;
}

export async function checkConsistency(ledger: TestLedger, older: Seal, newer: Seal): Promise<void> {
  const answer = await audit(ledger, 'GET', `/api/v1/audit/seals/consistency?from=${older.treeSize}&to=${newer.treeSize}`);
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ from: older.treeSize, to: newer.treeSize, fromSeal: { rootHash: older.rootHash }, toSeal: { rootHash: newer.rootHash } });
  expect(rfc9162VerifyConsistency(older.treeSize, newer.treeSize, answer.body.proof, older.rootHash, newer.rootHash)).toBe(true);
  expect(rfc9162VerifyConsistency(older.treeSize, newer.treeSize, answer.body.proof, 'e'.repeat(64), newer.rootHash)).toBe(false);
}

