import type { HttpResult } from '../support/http';
import { AUDITOR_TOKEN, type TestLedger } from '../support/ledger-harness';

/** Calls the audit API with the auditor credential (or the one given), JSON or form in, text and JSON out. */
export async function audit<T = Record<string, any>>(
  ledger: TestLedger,
  method: 'GET' | 'POST',
  path: string,
  options: { form?: Record<string, string>; headers?: Record<string, string>; credential?: string | null } = {},
): Promise<HttpResult<T>> {
  const credential = options.credential === undefined ? AUDITOR_TOKEN : options.credential;
  const response = await fetch(`${ledger.baseUrl}${path}`, {
    method,
    headers: {
      ...(credential !== null ? { authorization: `Bearer ${credential}` } : {}),
      ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...options.headers,
    },
    body: options.form ? new URLSearchParams(options.form).toString() : undefined,
  });
  const text = await response.text();
  let body: unknown = {};
  if (text && (response.headers.get('content-type') ?? '').startsWith('application/json')) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: body as T, text };
}

/** `POST /api/v1/audit/tokens/why` with `token=` (form body: the token never travels in a URL). */
export function why<T = Record<string, any>>(ledger: TestLedger, form: Record<string, string>): Promise<HttpResult<T>> {
  return audit<T>(ledger, 'POST', '/api/v1/audit/tokens/why', { form });
}

/** `GET /api/v1/audit/families/{familyId}/state?at=`. */
export function stateAt<T = Record<string, any>>(ledger: TestLedger, familyId: string, at: number): Promise<HttpResult<T>> {
  return audit<T>(ledger, 'GET', `/api/v1/audit/families/${familyId}/state?at=${encodeURIComponent(new Date(at).toISOString())}`);
}
