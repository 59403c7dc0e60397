import type {
  AuthorizationServer,
  Client,
  ExplainRequest,
  FamilyState,
  Policy,
  PolicyDraft,
  PolicyExplanation,
  PolicyRule,
  PolicyWhatIf,
  Projection,
  RecordedEvent,
  Seal,
  SubjectFamily,
  TokenWhy,
  UserClient,
  Verification,
} from './types';

export type * from './types';

/** The two people who sign in: separate credentials, separate APIs (docs/audit.md). */
export type Role = 'auditor' | 'admin';

/** An answer other than 2xx, with the message the API gave (Okta's, OAuth's or a problem's). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

/**
 * Every call the console makes. The credential goes in the `Authorization` header only, never
 * in a URL; a token to look up goes in a JSON body, never in a URL either.
 */
export interface LedgerApi {
  whyToken(input: { token: string } | { token_id: string }): Promise<TokenWhy>;
  familyEvents(familyId: string): Promise<RecordedEvent[]>;
  familyState(familyId: string, at?: string): Promise<FamilyState>;
  subjectFamilies(subject: string): Promise<SubjectFamily[]>;
  verify(stream?: string): Promise<Verification>;
  latestSeal(): Promise<Seal | null>;
  authorizationServers(): Promise<AuthorizationServer[]>;
  clients(): Promise<Client[]>;
  explain(request: ExplainRequest): Promise<PolicyExplanation>;
  policies(authorizationServerId: string): Promise<Policy[]>;
  rules(authorizationServerId: string, policyId: string): Promise<PolicyRule[]>;
  /** Evaluates an unsaved policy or rule change; appends nothing. */
  whatIf(authorizationServerId: string, draft: PolicyDraft): Promise<PolicyWhatIf>;
  projections(): Promise<Projection[]>;
  rebuildProjection(name: string): Promise<Projection>;
  userClients(subject: string): Promise<UserClient[]>;
  revokeSubjectTokens(subject: string, clientId?: string): Promise<void>;
  /** `GET /metrics` (unauthenticated Prometheus text: no credential is sent). */
  metrics(): Promise<string>;
}

type Query = Record<string, string | string[] | undefined>;

/** The API of this origin with one credential. */
export function createLedgerApi(credential: string): LedgerApi {
  const call = async <T>(method: string, path: string, options: { query?: Query; json?: unknown; auth?: boolean; accept?: string } = {}): Promise<T> => {
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    if (options.auth !== false) headers.authorization = `Bearer ${credential}`;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(path + queryString(options.query), {
      method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
    const text = await response.text();
    if (!response.ok) throw errorOf(response.status, text);
    if (options.accept && options.accept !== 'application/json') return text as T;
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const seg = encodeURIComponent;
  return {
    whyToken: (input) => call('POST', '/api/v1/audit/tokens/why', { json: input }),
    familyEvents: (familyId) => call('GET', `/api/v1/audit/families/${seg(familyId)}/events`),
    familyState: (familyId, at) => call('GET', `/api/v1/audit/families/${seg(familyId)}/state`, { query: { at } }),
    subjectFamilies: (subject) => call('GET', `/api/v1/audit/subjects/${seg(subject)}/families`),
    verify: (stream) => call('POST', '/api/v1/audit/verify', { query: { stream } }),
    latestSeal: async () => {
      try {
        return await call<Seal>('GET', '/api/v1/audit/seals/latest');
      } catch (error) {
        // 404 before the first seal.
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    authorizationServers: () => call('GET', '/api/v1/authorizationServers'),
    clients: () => call('GET', '/api/v1/clients', { query: { limit: '200' } }),
    explain: (r) =>
      call('GET', `/api/v1/authorizationServers/${seg(r.authorizationServerId)}/policies/explain`, {
        query: { client_id: r.clientId, grant_type: r.grantType || undefined, scope: r.scope.trim() || undefined, sub: r.sub.trim() || undefined, groups: r.groups.trim() || undefined },
      }),
    policies: (as) => call('GET', `/api/v1/authorizationServers/${seg(as)}/policies`),
    rules: (as, policyId) => call('GET', `/api/v1/authorizationServers/${seg(as)}/policies/${seg(policyId)}/rules`),
    whatIf: (as, draft) => call('POST', `/api/v1/authorizationServers/${seg(as)}/policies/what-if`, { json: draft }),
    projections: () => call('GET', '/api/v1/ops/projections'),
    rebuildProjection: (name) => call('POST', `/api/v1/ops/projections/${seg(name)}/rebuild`),
    userClients: (subject) => call('GET', `/api/v1/users/${seg(subject)}/clients`),
    revokeSubjectTokens: (subject, clientId) =>
      clientId
        ? call('DELETE', `/api/v1/users/${seg(subject)}/clients/${seg(clientId)}/tokens`)
        : call('DELETE', `/api/v1/users/${seg(subject)}/tokens`),
    metrics: () => call('GET', '/metrics', { auth: false, accept: 'text/plain' }),
  };
}

/**
 * Which role a credential holds: the auditor-only and the admin-only API each answer a GET,
 * and the roles are separate, so at most one accepts it. Refused by both: the API's own
 * messages.
 */
export async function detectRole(credential: string): Promise<Role> {
  const api = (path: string) => fetch(path, { headers: { authorization: `Bearer ${credential}`, accept: 'application/json' }, credentials: 'omit', cache: 'no-store' });
  const [auditor, admin] = await Promise.all([api('/api/v1/audit/sealing-keys'), api('/api/v1/authorizationServers')]);
  if (auditor.ok) return 'auditor';
  if (admin.ok) return 'admin';
  const refusals = [errorOf(auditor.status, await auditor.text()), errorOf(admin.status, await admin.text())];
  const messages = [...new Set(refusals.map((e) => e.message))].join(' ');
  throw new ApiError(Math.max(auditor.status, admin.status), messages, refusals[0].code);
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) params.append(key, one);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The message of any of the service's error formats. */
function errorOf(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const causes = Array.isArray(body.errorCauses) ? body.errorCauses.map((c) => (c as { errorSummary?: string }).errorSummary).filter(Boolean) : [];
    const message =
      (typeof body.errorSummary === 'string' && [body.errorSummary, ...causes].join(': ')) ||
      (typeof body.error_description === 'string' && body.error_description) ||
      (typeof body.detail === 'string' && body.detail) ||
      (typeof body.error === 'string' && body.error) ||
      `HTTP ${status}`;
    const code = (typeof body.errorCode === 'string' && body.errorCode) || (typeof body.error === 'string' && body.error) || null;
    return new ApiError(status, message, code);
  } catch {
    return new ApiError(status, `HTTP ${status}`, null);
  }
}
