/**
 * What a browser sends and checks for CORS, written by hand (Node's fetch adds and normalizes
 * headers of its own): shared by the CORS suites, in-process and across replica processes.
 */
import * as http from 'node:http';
import type { TokenApi } from './token-flows';

/** What a browser reads of an answer: status, headers (lowercase names) and body. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/**
 * Sends exactly the given request line and headers (Node's fetch adds and normalizes headers
 * of its own, such as `sec-fetch-mode`, so the browser's requests are written by hand).
 */
export function raw(ledger: TokenApi, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  const url = new URL(ledger.baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, method, path, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export const BROWSER = {
  accept: '*/*',
  'accept-language': 'en-US,en;q=0.9',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'sec-fetch-mode': 'cors',
  'sec-fetch-site': 'cross-site',
  'sec-fetch-dest': 'empty',
};

/** The preflight Chrome sends before `fetch(tokenUrl, { method: 'POST', headers: { 'Content-Type': form, DPoP } })`. */
export function preflight(ledger: TokenApi, path: string, origin: string, method = 'POST', requestHeaders = 'content-type,dpop'): Promise<RawAnswer> {
  return raw(ledger, 'OPTIONS', path, {
    ...BROWSER,
    origin,
    referer: `${origin}/`,
    'access-control-request-method': method,
    ...(requestHeaders ? { 'access-control-request-headers': requestHeaders } : {}),
  });
}

/**
 * The browser's CORS-preflight check (Fetch standard, "CORS-preflight fetch" and "CORS check"):
 * an ok status, the exact origin allowed, the method allowed (or CORS-safelisted), every
 * requested header allowed, case-insensitively. No credentials mode, so no `*` rules apply.
 */
export function browserAccepts(answer: RawAnswer, origin: string, method: string, requestHeaders: readonly string[]): boolean {
  const list = (name: string) =>
    String(answer.headers[name] ?? '')
      .split(',')
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean);
  const methodOk = ['GET', 'HEAD', 'POST'].includes(method) || list('access-control-allow-methods').includes(method.toLowerCase());
  return (
    answer.status >= 200 &&
    answer.status < 300 &&
    answer.headers['access-control-allow-origin'] === origin &&
    methodOk &&
    requestHeaders.every((h) => list('access-control-allow-headers').includes(h.toLowerCase()))
  );
}

export const varies = (answer: RawAnswer) => String(answer.headers.vary ?? '').split(',').map((v) => v.trim().toLowerCase()).includes('origin');
