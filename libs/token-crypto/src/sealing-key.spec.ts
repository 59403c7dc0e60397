import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { generateKeyPairSync } from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import { KeyEncryptionKeyRing, LocalKeyEncryptionKey } from './key-encryption-key';
import { generateWrappedSealingKey, loadConfiguredSealingKey, trustedSealingPublicJwk, unwrapSealingKey, verifySealJws } from './sealing-key';

const ring = new KeyEncryptionKeyRing(new LocalKeyEncryptionKey(Buffer.alloc(32, 9)));
const otherRing = new KeyEncryptionKeyRing(new LocalKeyEncryptionKey(Buffer.alloc(32, 8)));

describe('sealing keys', () => {
  it('signs a compact EdDSA JWS that jose verifies, and verifySealJws accepts only under a trusted key', async () => {
    const { key } = await generateWrappedSealingKey(ring);
    const jws = key.signCompact('{"treeSize":3}');
    const { payload, protectedHeader } = await compactVerify(jws, await importJWK({ ...key.publicJwk }, 'EdDSA'));
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: key.keyId, typ: 'ledger-seal+jws' });
    expect(new TextDecoder().decode(payload)).toBe('{"treeSize":3}');
    const trusted = new Map([[key.keyId, key.publicJwk]]);
    expect(verifySealJws(jws, trusted)).toEqual({ ok: true, keyId: key.keyId, payload: '{"treeSize":3}' });
    expect(verifySealJws(jws, new Map())).toEqual({ ok: false, reason: 'key_untrusted' });
    const [h, , s] = jws.split('.');
    expect(verifySealJws(`${h}.${Buffer.from('{"treeSize":4}').toString('base64url')}.${s}`, trusted)).toEqual({ ok: false, reason: 'signature_invalid' });
    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', kid: key.keyId, typ: 'ledger-seal+jws' })).toString('base64url');
    expect(verifySealJws(`${noneHeader}.${jws.split('.')[1]}.`, trusted)).toEqual({ ok: false, reason: 'header_invalid' });
    expect(verifySealJws('not a jws', trusted)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('unwraps only under the ring that wrapped it, and only as the key its record names', async () => {
    const { key, wrappedPrivateKey } = await generateWrappedSealingKey(ring);
    const recorded = { keyId: key.keyId, publicJwk: key.publicJwk, wrappedPrivateKey };
    expect((await unwrapSealingKey(recorded, ring)).keyId).toBe(key.keyId);
    await expect(unwrapSealingKey(recorded, otherRing)).rejects.toMatchObject({ code: 'key_unwrap_failed' });
    const other = await generateWrappedSealingKey(ring);
    await expect(unwrapSealingKey({ ...recorded, publicJwk: other.key.publicJwk }, ring)).rejects.toMatchObject({ code: 'key_material_invalid' });
    await expect(unwrapSealingKey({ ...recorded, keyId: other.key.keyId }, ring)).rejects.toMatchObject({ code: 'key_material_invalid' });
  });

  it('shows only the key id, never the private half', async () => {
    const { key } = await generateWrappedSealingKey(ring);
    const d = key.privateJwk().d;
    expect(JSON.stringify(key)).toBe(JSON.stringify({ keyId: key.keyId }));
    expect(inspect(key)).not.toContain(d);
    expect(JSON.stringify(key.publicJwk)).not.toContain(d);
  });

  it('loads a configured private Ed25519 JWK from the variable or a file, naming the source (never the key) when it is not one', async () => {
    const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    const fromEnv = await loadConfiguredSealingKey({ kind: 'env', value: JSON.stringify(jwk) });
    expect(fromEnv.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: jwk.x, alg: 'EdDSA', use: 'sig' });
    expect(await trustedSealingPublicJwk(fromEnv.publicJwk, fromEnv.keyId)).toEqual(fromEnv.publicJwk);
    expect(await trustedSealingPublicJwk(fromEnv.publicJwk, 'another-kid')).toBeNull();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sealing-key-'));
    try {
      const file = path.join(dir, 'seal.jwk');
      fs.writeFileSync(file, JSON.stringify(jwk));
      expect((await loadConfiguredSealingKey({ kind: 'file', file })).keyId).toBe(fromEnv.keyId);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const notJson = loadConfiguredSealingKey({ kind: 'env', value: `{${jwk.d}` });
    await expect(notJson).rejects.toMatchObject({ code: 'key_material_invalid' });
    await expect(loadConfiguredSealingKey({ kind: 'env', value: `{${jwk.d}` })).rejects.not.toThrow(jwk.d as string);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
    await expect(loadConfiguredSealingKey({ kind: 'env', value: JSON.stringify(ec) })).rejects.toThrow('env:LEDGER_SEALING_KEY');
  });
});
