import { readClientAssertionSubject } from '@ledger/token-crypto';

/**
 * The client id a request claims, read without checking anything (the Basic user name, the
 * `client_id` parameter, or a client assertion's subject), so budgets can be counted before any
 * credential is verified. Client authentication checks the claim afterwards; a malformed one
 * gives `undefined` here and `invalid_client` there.
 */
export function claimedClientId(authorization: unknown, params: unknown): string | undefined {
  if (typeof authorization === 'string' && authorization.length > 6 && /^basic /i.test(authorization)) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return undefined;
    const user = decoded.slice(0, colon);
    // This runs on every refresh: most ids have nothing to form-decode, so skip the decoder.
    if (!user.includes('%') && !user.includes('+')) return user;
    try {
      return decodeURIComponent(user.replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
  }
  if (typeof params !== 'object' || params === null) return undefined;
  const { client_id: clientId, client_assertion: assertion } = params as { client_id?: unknown; client_assertion?: unknown };
  if (typeof clientId === 'string' && clientId !== '') return clientId;
  if (typeof assertion === 'string' && assertion !== '') return readClientAssertionSubject(assertion);
  return undefined;
}
