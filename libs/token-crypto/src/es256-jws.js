// @ts-check
'use strict';
/**
 * The ES256 compact-JWS signing core: the one implementation behind `JwtSigner` on the calling
 * thread and behind the signing thread (`jwt-signing.worker.js`), so both produce the same bytes.
 *
 * Plain CommonJS, not TypeScript, because the signing thread loads it with Node's own `require`
 * (there is no TypeScript compiler in a worker thread, under jest or in production). `nest build`
 * copies it next to the compiled library (`assets` in nest-cli.json). Types: `es256-jws.d.ts`.
 *
 * It bypasses jose and calls `node:crypto.sign` on a `KeyObject` with `dsaEncoding:
 * 'ieee-p1363'` (the raw r||s form JWS requires, RFC 7518 §3.4): ~20 µs per token here against
 * ~50–60 µs through jose's `SignJWT`. jose still verifies everything this produces
 * (`jwt-verifier.ts` and the signer's spec), which keeps the shortcut honest.
 *
 * RS256 keys go through the same code unchanged: on an RSA `KeyObject`, `sign('sha256', …)` is
 * RSASSA-PKCS1-v1_5 (RFC 7518 §3.3) and `dsaEncoding` is ignored, and `at_hash` is SHA-256 for both.
 *
 * Payloads are taken as JSON text: the signing thread receives them as strings, which cross a
 * thread far cheaper than objects do (structured clone of an object graph was ~8% of the event
 * loop under the refresh load).
 */
const { hash, sign } = require('node:crypto');

/**
 * `encodedHeader.payload.signature`.
 * @param {import('node:crypto').KeyObject} privateKey P-256
 * @param {string} encodedHeader base64url of the header JSON
 * @param {string} payloadJson the claims as JSON
 * @returns {string}
 */
function signCompact(privateKey, encodedHeader, payloadJson) {
  const signingInput = `${encodedHeader}.${Buffer.from(payloadJson).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

/**
 * Left half of SHA-256 of the access token, base64url (OIDC Core §3.3.2.11 for ES256).
 * @param {string} accessToken
 * @returns {string}
 */
function atHash(accessToken) {
  return hash('sha256', accessToken, 'buffer').subarray(0, 16).toString('base64url');
}

/**
 * The member an ID token's JSON carries until its access token is signed. JSON.stringify
 * escapes every `"` inside a string value, so this text can only ever be the member itself,
 * never part of a claim's value.
 */
const AT_HASH_PLACEHOLDER = '"at_hash":""';

/**
 * `idJson` with its placeholder replaced by the `at_hash` member (`JwtSigner` always writes one).
 * @param {string} idJson a JSON object
 * @param {string} value
 * @returns {string}
 */
function withAtHash(idJson, value) {
  const at = idJson.indexOf(AT_HASH_PLACEHOLDER);
  if (at < 0) throw new Error('ID token claims without the at_hash placeholder');
  return `${idJson.slice(0, at)}"at_hash":${JSON.stringify(value)}${idJson.slice(at + AT_HASH_PLACEHOLDER.length)}`;
}

/**
 * A token response's access token and, when `idJson` is given, its ID token, whose `at_hash` is
 * that access token's (OIDC Core §3.3.2.11), set where `idJson` holds `"at_hash":""`.
 * @param {import('node:crypto').KeyObject} privateKey
 * @param {string} accessHeader
 * @param {string} accessJson
 * @param {string} idHeader
 * @param {string | null | undefined} idJson
 * @returns {{ accessToken: string, idToken?: string }}
 */
function signTokenPair(privateKey, accessHeader, accessJson, idHeader, idJson) {
  const accessToken = signCompact(privateKey, accessHeader, accessJson);
  if (idJson === null || idJson === undefined) return { accessToken };
  return { accessToken, idToken: signCompact(privateKey, idHeader, withAtHash(idJson, atHash(accessToken))) };
}

module.exports = { signCompact, signTokenPair, atHash };
