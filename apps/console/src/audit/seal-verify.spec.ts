import { calculateJwkThumbprint } from 'jose';
import { leafHash, nodeHash, toHex, webCryptoSha256 as sha256 } from './merkle-verify';
import { verifySeal, type SealFields, type SealingJwk } from './seal-verify';
import { checkConsistency, checkConsistencyFrom, checkEventInclusion } from './proof-checks';
import { CONSISTENCY_PROOFS, INCLUSION_PROOFS, ROOTS } from '../../../../test/support/rfc6962-vectors';

const subtle = globalThis.crypto.subtle;
const utf8 = (text: string) => new TextEncoder().encode(text);
const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const unb64url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

interface Signer {
  readonly jwk: SealingJwk;
  sign(payload: string, header?: Record<string, unknown>): Promise<string>;
}

/** An Ed25519 key made with WebCrypto, its id the RFC 7638 thumbprint (computed by jose). */
async function newSigner(): Promise<Signer> {
  const pair = (await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const { x } = await subtle.exportKey('jwk', pair.publicKey);
  const kid = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: x! }, 'sha256');
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: x!, kid, alg: 'EdDSA', use: 'sig' };
  return {
    jwk,
    async sign(payload, header = { alg: 'EdDSA', kid, typ: 'ledger-seal+jws' }) {
      const input = `${b64url(utf8(JSON.stringify(header)))}.${b64url(utf8(payload))}`;
      return `${input}.${b64url(new Uint8Array(await subtle.sign({ name: 'Ed25519' }, pair.privateKey, utf8(input))))}`;
    },
  };
}

/** A seal as the service makes it: the JWS signs the canonical JSON (sorted keys) of every member but `jws`. */
async function sealOf(signer: Signer, treeSize: number, rootHash: string, overrides: Partial<SealFields> = {}): Promise<SealFields> {
  const lastPosition = { commit: String(treeSize * 2), prepare: String(treeSize * 2) };
  const payload = `{"keyId":"${signer.jwk.kid}","lastPosition":{"commit":"${lastPosition.commit}","prepare":"${lastPosition.prepare}"},"previousSealHash":null,"rootHash":"${rootHash}","sealVersion":1,"sealedAt":1767225600000,"treeSize":${treeSize}}`;
  const jws = await signer.sign(payload);
  const seal = { sealVersion: 1, treeSize, rootHash, lastPosition, previousSealHash: null, sealedAt: 1767225600000, keyId: signer.jwk.kid, jws, sealHash: toHex(await sha256(utf8(jws))) };
  return { ...seal, ...overrides };
}

describe('a seal verified in the browser (WebCrypto Ed25519) against the published sealing keys', () => {
  let signer: Signer;
  let other: Signer;
  let seal: SealFields;
  beforeAll(async () => {
    [signer, other] = await Promise.all([newSigner(), newSigner()]);
    seal = await sealOf(signer, 8, ROOTS[8]);
  });

  it('verifies a seal signed by a published key over exactly its fields', async () => {
    expect(await verifySeal(seal, [other.jwk, signer.jwk], sha256)).toEqual({ ok: true, keyId: signer.jwk.kid });
  });

  it('refuses a seal whose fields differ from what was signed', async () => {
    const cases: [Partial<SealFields>, RegExp][] = [
      [{ treeSize: 9 }, /signed treeSize \(8\) is not the seal's \(9\)/],
      [{ rootHash: ROOTS[7] }, /signed rootHash/],
      [{ sealedAt: 1 }, /signed sealedAt/],
      [{ previousSealHash: ROOTS[1] }, /signed previousSealHash/],
      [{ lastPosition: { commit: '17', prepare: '17' } }, /signed lastPosition/],
      [{ sealHash: ROOTS[0] }, /seal hash is not the SHA-256 of its JWS/],
    ];
    for (const [change, reason] of cases) expect(await verifySeal({ ...seal, ...change }, [signer.jwk], sha256)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('refuses a flipped signature bit, another key, an unpublished key and a foreign header', async () => {
    const [h, p, s] = seal.jws.split('.');
    const signature = unb64url(s);
    signature[0] ^= 1;
    expect(await verifySeal({ ...seal, jws: `${h}.${p}.${b64url(signature)}` }, [signer.jwk], sha256)).toMatchObject({ ok: false, reason: 'the signature does not verify' });
    // The same key id published with another key's x: not the key its id names.
    expect(await verifySeal(seal, [{ ...other.jwk, kid: signer.jwk.kid }], sha256)).toMatchObject({ ok: false, reason: expect.stringMatching(/thumbprint/) });
    expect(await verifySeal(seal, [other.jwk], sha256)).toMatchObject({ ok: false, reason: expect.stringMatching(/no published sealing key/) });
    const payload = new TextDecoder().decode(unb64url(p));
    for (const header of [
      { alg: 'EdDSA', kid: signer.jwk.kid, typ: 'JWT' },
      { alg: 'ES256', kid: signer.jwk.kid, typ: 'ledger-seal+jws' },
      { alg: 'EdDSA', kid: signer.jwk.kid, typ: 'ledger-seal+jws', crit: ['b64'] },
    ]) {
      const jws = await signer.sign(payload, header);
      expect(await verifySeal({ ...seal, jws, sealHash: toHex(await sha256(utf8(jws))) }, [signer.jwk], sha256)).toMatchObject({ ok: false, reason: expect.stringMatching(/header/) });
    }
    expect(await verifySeal({ ...seal, jws: 'a.b' }, [signer.jwk], sha256)).toMatchObject({ ok: false });
    expect(await verifySeal({ ...seal, jws: `${h}.${p}.!!` }, [signer.jwk], sha256)).toMatchObject({ ok: false });
  });
});

describe('the checks the console runs before saying "verified"', () => {
  let signer: Signer;
  beforeAll(async () => {
    signer = await newSigner();
  });

  it("an event's inclusion: its leaf, its content hash as the timeline shows it, the path to a signed root", async () => {
    // A leaf input of the ledger's form, placed as leaf 5 of a tree whose other leaves are the vectors'.
    const { index, size, proof } = INCLUSION_PROOFS[2];
    expect(index).toBe(5);
    const contentHash = 'ab'.repeat(32);
    const leafInput = `{"contentHash":"${contentHash}","position":{"commit":"9","prepare":"9"},"revision":"1","streamName":"tokenFamily-f","type":"TokenRefreshed"}`;
    const ownLeaf = await leafHash(sha256, leafInput);
    // Rebuild the root with this leaf in place of the vector's leaf 5: path [leaf4, node(6,7), node(0..3)].
    const right = await nodeHash(sha256, await nodeHash(sha256, proof[0], ownLeaf), proof[1]);
    const root = await nodeHash(sha256, proof[2], right);
    const seal = await sealOf(signer, size, root);
    const event = { streamName: 'tokenFamily-f', revision: '1', hash: contentHash };
    const answer = { leafIndex: index, treeSize: size, leafHash: ownLeaf, leafInput, removed: false, proof };
    const keys = [signer.jwk];

    expect(await checkEventInclusion(event, answer, seal, keys, sha256)).toEqual({ ok: true });
    expect(await checkEventInclusion({ ...event, hash: 'cd'.repeat(32) }, answer, seal, keys, sha256)).toMatchObject({ ok: false, reason: expect.stringMatching(/content hash/) });
    expect(await checkEventInclusion({ ...event, revision: '2' }, answer, seal, keys, sha256)).toMatchObject({ ok: false, reason: expect.stringMatching(/not this event/) });
    expect(await checkEventInclusion(event, { ...answer, leafHash: ROOTS[1] }, seal, keys, sha256)).toMatchObject({ ok: false, reason: expect.stringMatching(/leaf hash served/) });
    expect(await checkEventInclusion(event, { ...answer, proof: [proof[0], proof[2], proof[1]] }, seal, keys, sha256)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not lead/) });
    expect(await checkEventInclusion(event, { ...answer, treeSize: 7 }, seal, keys, sha256)).toMatchObject({ ok: false, reason: expect.stringMatching(/tree of 7/) });
    expect(await checkEventInclusion(event, answer, { ...seal, sealedAt: 0 }, keys, sha256)).toMatchObject({ ok: false, reason: expect.stringMatching(/signature/) });
    expect(await checkEventInclusion(event, { ...answer, leafInput: 'x' }, seal, keys, sha256)).toMatchObject({ ok: false });
  });

  it('a consistency proof to a signed seal from a root the auditor holds', async () => {
    const { m, n, proof } = CONSISTENCY_PROOFS[2];
    const seal = await sealOf(signer, n, ROOTS[n]);
    expect(await checkConsistency({ treeSize: m, rootHash: ROOTS[m] }, seal, proof, [signer.jwk], sha256)).toEqual({ ok: true });
    expect(await checkConsistency({ treeSize: m, rootHash: ROOTS[m + 1] }, seal, proof, [signer.jwk], sha256)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not show/) });
    expect(await checkConsistency({ treeSize: m, rootHash: ROOTS[m] }, { ...seal, rootHash: ROOTS[n - 1] }, proof, [signer.jwk], sha256)).toMatchObject({ ok: false, reason: expect.stringMatching(/signature/) });
    expect(await checkConsistency({ treeSize: m, rootHash: 'root' }, seal, proof, [signer.jwk], sha256)).toMatchObject({ ok: false });
  });

  it('takes the older root from the seal of that size when there is one, else from the auditor', async () => {
    const { m, n, proof } = CONSISTENCY_PROOFS[3];
    const keys = [signer.jwk];
    const [older, newer] = [await sealOf(signer, m, ROOTS[m]), await sealOf(signer, n, ROOTS[n])];
    const kept = { rootHash: ROOTS[m], source: 'kept by this browser' };
    const wrong = { rootHash: ROOTS[m + 1], source: 'entered here' };

    await expect(checkConsistencyFrom(m, null, older, newer, proof, keys, sha256)).resolves.toEqual({
      from: { treeSize: m, rootHash: ROOTS[m], source: `the seal of ${m} leaves, its signature verified in this browser` },
      check: { ok: true },
    });
    await expect(checkConsistencyFrom(m, kept, older, newer, proof, keys, sha256)).resolves.toMatchObject({ check: { ok: true } });
    await expect(checkConsistencyFrom(m, wrong, older, newer, proof, keys, sha256)).resolves.toMatchObject({ check: { ok: false, reason: expect.stringMatching(/not the one entered here/) } });
    await expect(checkConsistencyFrom(m, null, { ...older, rootHash: ROOTS[m + 1] }, newer, proof, keys, sha256)).resolves.toMatchObject({ check: { ok: false, reason: expect.stringMatching(/^the seal of 2 leaves: the signed rootHash/) } });
    await expect(checkConsistencyFrom(m + 1, null, older, newer, proof, keys, sha256)).resolves.toMatchObject({ check: { ok: false, reason: expect.stringMatching(/covers 2/) } });
    // No seal of that size: the auditor's root or nothing.
    await expect(checkConsistencyFrom(m, kept, null, newer, proof, keys, sha256)).resolves.toEqual({ from: { treeSize: m, ...kept }, check: { ok: true } });
    await expect(checkConsistencyFrom(m, wrong, null, newer, proof, keys, sha256)).resolves.toMatchObject({ check: { ok: false, reason: expect.stringMatching(/does not show/) } });
    await expect(checkConsistencyFrom(m, null, null, newer, proof, keys, sha256)).resolves.toMatchObject({ check: { ok: false, reason: expect.stringMatching(/no seal has exactly 2 leaves/) } });
  });
});
