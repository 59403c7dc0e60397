import { ADMIN_TOKEN } from '../support/ledger-harness';

/** An answer of the ops API: status, headers, parsed JSON (or `{}` for an empty body). */
export interface OpsAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** Calls the ops/management API with the admin credential. */
export async function opsCall<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  pathAndQuery: string,
  options: { readonly token?: string | null; readonly timeoutMs?: number } = {},
): Promise<OpsAnswer<T>> {
  const token = options.token === undefined ? ADMIN_TOKEN : options.token;
  const response = await fetch(`${baseUrl}${pathAndQuery}`, {
    method,
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
}

/** A family as `GET /api/v1/ops/families` answers it. */
export interface FamilyJson {
  readonly id: string;
  readonly status: 'ACTIVE' | 'EXPIRED' | 'REVOKED';
  readonly subject: string;
  readonly clientId: string;
  readonly generation: number;
  readonly revokeReason: string | null;
  readonly [key: string]: unknown;
}

/** Every page of a families listing, following `Link: <…>; rel="next"`. */
export async function allFamilies(baseUrl: string, pathAndQuery: string): Promise<{ families: FamilyJson[]; pages: number }> {
  const families: FamilyJson[] = [];
  let next: string | null = pathAndQuery;
  let pages = 0;
  while (next) {
    const page: OpsAnswer<FamilyJson[]> = await opsCall<FamilyJson[]>(baseUrl, 'GET', next);
    if (page.status !== 200) throw new Error(`GET ${next}: ${page.status} ${JSON.stringify(page.body)}`);
    families.push(...page.body);
    pages += 1;
    const link = page.headers.get('link');
    next = link ? (/^<([^>]+)>; rel="next"$/.exec(link)?.[1] ?? null) : null;
  }
  return { families, pages };
}

/** Runs `work` over `items` with at most `limit` in flight; results in item order. */
export async function boundedAll<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i], i);
      }
    }),
  );
  return results;
}
