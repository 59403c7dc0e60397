import { ADMIN_TOKEN } from './ledger-harness';

/** Anything serving the token API: an in-process test ledger or a child process. */
export interface TokenApi {
  readonly baseUrl: string;
}
import { basic, postForm, type HttpResult } from './http';

/** The token endpoint's success body. */
export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
  error?: string;
  error_description?: string;
}

/** Issues a new family through the trusted issuance API (SPEC §6.2). */
export async function issueFamily(
  ledger: TokenApi,
  clientId: string,
  options: { sub?: string; scope?: string; as?: string; groups?: string } = {},
): Promise<TokenBody> {
  const result = await postForm<TokenBody>(
    `${ledger.baseUrl}/api/v1/authorizationServers/${options.as ?? 'default'}/tokens`,
    {
      client_id: clientId,
      sub: options.sub ?? 'alice@example.com',
      scope: options.scope ?? 'openid offline_access',
      ...(options.groups ? { groups: options.groups } : {}),
    },
    { authorization: `Bearer ${ADMIN_TOKEN}` },
  );
  if (result.status !== 200) throw new Error(`issuance failed: ${result.status} ${result.text}`);
  return result.body;
}

/** `grant_type=refresh_token` with HTTP Basic, as Okta's example. */
export function refresh(
  ledger: TokenApi,
  client: { id: string; secret: string },
  refreshToken: string,
  extra: Record<string, string> = {},
  as = 'default',
): Promise<HttpResult<TokenBody>> {
  return postForm<TokenBody>(
    `${ledger.baseUrl}/oauth2/${as}/v1/token`,
    { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra },
    { authorization: basic(client.id, client.secret) },
  );
}

/** RFC 7009 revocation with HTTP Basic. */
export function revoke(ledger: TokenApi, client: { id: string; secret: string }, token: string, as = 'default'): Promise<HttpResult> {
  return postForm(`${ledger.baseUrl}/oauth2/${as}/v1/revoke`, { token }, { authorization: basic(client.id, client.secret) });
}

/** RFC 7662 introspection with HTTP Basic. */
export function introspect(
  ledger: TokenApi,
  client: { id: string; secret: string },
  token: string,
  as = 'default',
): Promise<HttpResult<{ active: boolean; [k: string]: unknown }>> {
  return postForm(`${ledger.baseUrl}/oauth2/${as}/v1/introspect`, { token }, { authorization: basic(client.id, client.secret) });
}
