'use strict';
/**
 * Token families for the scenarios, issued the way a login service would: the trusted issuance
 * API (`POST /api/v1/authorizationServers/default/tokens`, admin credential), one family per
 * subject, for the bootstrap's `demo-client` with `openid offline_access`.
 */

const SERVER = 'default';
const CLIENT_ID = 'demo-client';
const SCOPE = 'openid offline_access';
const TOKEN_PATH = `/oauth2/${SERVER}/v1/token`;
const INTROSPECT_PATH = `/oauth2/${SERVER}/v1/introspect`;

/** `Authorization: Basic` for demo-client (RFC 6749 §2.3.1: form-encode id and secret first). */
function basicAuth(secret) {
  const enc = (s) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(CLIENT_ID)}:${enc(secret)}`).toString('base64')}`;
}

/**
 * Issues `count` families sequentially; returns `{ sub, refreshToken, accessToken }` each.
 * @param {import('./http').HttpClient} http
 * @param {{ adminToken: string }} service
 */
async function issueFamilies(http, service, count, subjectPrefix) {
  const families = [];
  for (let i = 0; i < count; i++) {
    const sub = `${subjectPrefix}-${i}`;
    const answer = await http.postFormJson(
      `/api/v1/authorizationServers/${SERVER}/tokens`,
      { client_id: CLIENT_ID, sub, scope: SCOPE },
      { authorization: `Bearer ${service.adminToken}` },
    );
    if (!answer.refresh_token || !answer.access_token) {
      throw new Error(`issuance for ${sub} returned no refresh/access token: ${JSON.stringify(Object.keys(answer))}`);
    }
    families.push({ sub, refreshToken: answer.refresh_token, accessToken: answer.access_token });
  }
  return families;
}

/** The refresh request's form body. */
function refreshForm(refreshToken) {
  return `grant_type=refresh_token&scope=openid%20offline_access&refresh_token=${encodeURIComponent(refreshToken)}`;
}

module.exports = { basicAuth, issueFamilies, refreshForm, TOKEN_PATH, INTROSPECT_PATH, SCOPE };
