/** Small fetch helpers for the e2e suites (Node 20's global fetch, no extra client). */

export interface HttpResult<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

/** Basic credentials as RFC 6749 §2.3.1 encodes them. */
export function basic(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

/** POSTs a form; returns status, headers and the parsed JSON body (or `{}`). */
export async function postForm<T = Record<string, unknown>>(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<HttpResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T, text };
}

/** Sends anything (raw body, any content type) for the bad-input suites. */
export async function send(
  url: string,
  init: { method?: string; body?: string | Buffer; headers?: Record<string, string> },
): Promise<HttpResult> {
  const response = await fetch(url, { method: init.method ?? 'POST', headers: init.headers, body: init.body });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { raw: text };
  }
  return { status: response.status, headers: response.headers, body, text };
}
