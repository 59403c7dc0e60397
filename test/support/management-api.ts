import { send, type HttpResult } from './http';
import { ADMIN_TOKEN } from './ledger-harness';
import type { TokenApi } from './token-flows';

/** A JSON call to the management API with the admin credential; `T` is the body's expected shape. */
export async function adminApi<T = Record<string, any>>(ledger: TokenApi, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
  return send(`${ledger.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      accept: 'application/json',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  }) as Promise<HttpResult<T>>;
}
