import { decodeJwt } from 'jose';

/**
 * The client id an assertion claims to come from (`sub`, else `iss`), read WITHOUT verifying
 * anything, or `undefined` when the string is not a JWT with such a claim.
 *
 * Why unverified: RFC 7523 §2.2 lets a client omit `client_id` from the request, so the server
 * must read the claimed client to find the keys it then verifies with
 * ({@link verifyClientAssertion}). Never trust the result for anything else.
 */
export function readClientAssertionSubject(assertion: string): string | undefined {
  if (typeof assertion !== 'string' || assertion.length > 16 * 1024) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(assertion);
  } catch {
    return undefined;
  }
  const subject = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : claims.iss;
  return typeof subject === 'string' && subject !== '' ? subject : undefined;
}
