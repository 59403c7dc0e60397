import type {
  AuthorizationServer,
  Client,
  EventProofAnswer,
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
  SealConsistency,
  SealingKeys,
  SubjectFamily,
  TokenWhy,
  UserClient,
  Verification,
} from './types';
import createClient from 'openapi-fetch';
import type { paths } from './openapi';

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
  /** The public keys that sign the seals (a JWK Set). */
  sealingKeys(): Promise<SealingKeys>;
  /** RFC 9162 consistency proof from the tree of `from` leaves to the tree of `to`. */
  sealConsistency(from: number, to: number): Promise<SealConsistency>;
  /** RFC 9162 inclusion proof of the event at `position` in the newest seal's tree. */
  eventProof(position: RecordedEvent['position']): Promise<EventProofAnswer>;
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

/** This origin's API, no cookies, no caching, no referrer. */
const SAME_ORIGIN = { baseUrl: '', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' } as const;

/** An openapi-fetch client typed by the generated `paths`, sending the credential in the Authorization header. */
function authorized(credential: string) {
  return createClient<paths>({ ...SAME_ORIGIN, headers: { authorization: `Bearer ${credential}`, accept: 'application/json' } });
}

/** The API of this origin with one credential, typed from the OpenAPI document. */
export function createLedgerApi(credential: string): LedgerApi {
  const api = authorized(credential);
  // /metrics is unauthenticated: the credential is not sent there.
  const anonymous = createClient<paths>(SAME_ORIGIN);
  /** The answer of a 2xx, else an {@link ApiError} with the API's message. */
  const ok = async <T>(pending: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> => {
    const { data, error, response } = await pending;
    if (!response.ok) throw errorOf(response.status, error);
    return data as T;
  };
  const blank = (value: string) => value.trim() || undefined;
  return {
    whyToken: (input) => ok(api.POST('/api/v1/audit/tokens/why', { body: input })),
    familyEvents: (familyId) => ok(api.GET('/api/v1/audit/families/{familyId}/events', { params: { path: { familyId } } })),
    familyState: (familyId, at) => ok(api.GET('/api/v1/audit/families/{familyId}/state', { params: { path: { familyId }, query: at ? { at } : {} } })),
    subjectFamilies: (sub) => ok(api.GET('/api/v1/audit/subjects/{sub}/families', { params: { path: { sub } } })),
    verify: (stream) => ok(api.POST('/api/v1/audit/verify', { params: { query: stream ? { stream } : {} } })),
    latestSeal: async () => {
      try {
        return await ok<Seal>(api.GET('/api/v1/audit/seals/latest'));
      } catch (error) {
        // 404 before the first seal.
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    sealingKeys: () => ok(api.GET('/api/v1/audit/sealing-keys')),
    sealConsistency: (from, to) => ok(api.GET('/api/v1/audit/seals/consistency', { params: { query: { from, to } } })),
    eventProof: (at) => ok(api.GET('/api/v1/audit/events/{position}/proof', { params: { path: { position: at.commit === at.prepare ? at.commit : `${at.commit}/${at.prepare}` } } })),
    authorizationServers: () => ok(api.GET('/api/v1/authorizationServers')),
    clients: () => ok(api.GET('/api/v1/clients', { params: { query: { limit: 200 } } })),
    explain: (r) =>
      ok(
        api.GET('/api/v1/authorizationServers/{as}/policies/explain', {
          params: { path: { as: r.authorizationServerId }, query: { client_id: r.clientId, grant_type: blank(r.grantType), scope: blank(r.scope), sub: blank(r.sub), groups: r.groups.split(/\s+/).filter(Boolean) } },
        }),
      ),
    policies: (as) => ok(api.GET('/api/v1/authorizationServers/{as}/policies', { params: { path: { as } } })),
    rules: (as, policyId) => ok(api.GET('/api/v1/authorizationServers/{as}/policies/{policyId}/rules', { params: { path: { as, policyId } } })),
    whatIf: (as, draft) => ok(api.POST('/api/v1/authorizationServers/{as}/policies/what-if', { params: { path: { as } }, body: draft })),
    projections: () => ok(api.GET('/api/v1/ops/projections')),
    rebuildProjection: (name) => ok(api.POST('/api/v1/ops/projections/{name}/rebuild', { params: { path: { name } } })),
    userClients: (userId) => ok(api.GET('/api/v1/users/{userId}/clients', { params: { path: { userId } } })),
    revokeSubjectTokens: (sub, clientId) =>
      clientId
        ? ok(api.DELETE('/api/v1/users/{userId}/clients/{clientId}/tokens', { params: { path: { userId: sub, clientId } } }))
        : ok(api.DELETE('/api/v1/users/{sub}/tokens', { params: { path: { sub } } })),
    metrics: () => ok(anonymous.GET('/metrics', { parseAs: 'text', headers: { accept: 'text/plain' } })),
  };
}

/**
 * Which role a credential holds: the auditor-only and the admin-only API each answer a GET,
 * and the roles are separate, so at most one accepts it. Refused by both: the API's own
 * messages.
 */
export async function detectRole(credential: string): Promise<Role> {
  const api = authorized(credential);
  const [auditor, admin] = await Promise.all([api.GET('/api/v1/audit/sealing-keys'), api.GET('/api/v1/authorizationServers')]);
  if (auditor.response.ok) return 'auditor';
  if (admin.response.ok) return 'admin';
  const refusals = [errorOf(auditor.response.status, auditor.error), errorOf(admin.response.status, admin.error)];
  const messages = [...new Set(refusals.map((e) => e.message))].join(' ');
  throw new ApiError(Math.max(auditor.response.status, admin.response.status), messages, refusals[0].code);
}

/** The message of any of the service's error formats (openapi-fetch hands over the parsed body, or its text). */
function errorOf(status: number, body: unknown): ApiError {
  let parsed: Record<string, unknown> = {};
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      parsed = {};
    }
  } else if (body && typeof body === 'object') {
    parsed = body as Record<string, unknown>;
  }
  const causes = Array.isArray(parsed.errorCauses) ? parsed.errorCauses.map((c) => (c as { errorSummary?: string }).errorSummary).filter(Boolean) : [];
  const message =
    (typeof parsed.errorSummary === 'string' && [parsed.errorSummary, ...causes].join(': ')) ||
    (typeof parsed.error_description === 'string' && parsed.error_description) ||
    (typeof parsed.detail === 'string' && parsed.detail) ||
    (typeof parsed.error === 'string' && parsed.error) ||
    `HTTP ${status}`;
  const code = (typeof parsed.errorCode === 'string' && parsed.errorCode) || (typeof parsed.error === 'string' && parsed.error) || null;
  return new ApiError(status, message, code);
}
