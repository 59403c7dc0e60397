/**
 * A refresh token (`tlr1.…`) or an access token (a JWT) is sent as `token`; anything else is a
 * token id (`<familyId>.<n>`) or an access token's `jti`, sent as `token_id`. Always in the JSON
 * body of a POST: a token never goes into a URL.
 */
export function whyInput(text: string): { token: string } | { token_id: string } {
  const value = text.trim();
  const isJwt = /^eyJ[\w-]*\.[\w-]*\.[\w-]*$/.test(value);
  return value.startsWith('tlr1.') || isJwt ? { token: value } : { token_id: value };
}
