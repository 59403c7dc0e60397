import { status as GrpcStatus, type Metadata } from '@grpc/grpc-js';
import type { RecordedEvent } from '@ledger/event-sourcing';
import { lastRefusalReason } from './family-events';
import { adminMetadata, basicMetadata, metadataOf, unary, type GrpcResult, type LedgerGrpcClients } from './grpc-client';
import { basic, postForm, type HttpResult } from './http';
import type { TestLedger } from './ledger-harness';
import { issueFamily, type TokenBody } from './token-flows';

/** A client's credentials as the suites hold them. */
export interface ClientCredentials {
  readonly id: string;
  readonly secret: string;
}

/** RFC 7662 answer with `aud` always a list (gRPC's form; HTTP's single string is wrapped). */
export interface Introspection {
  readonly active: boolean;
  readonly aud?: string[];
  readonly [claim: string]: unknown;
}

/** What a call came to, in transport-neutral terms: the body, or the OAuth error code. */
export type Outcome<T> = { readonly ok: true; readonly body: T } | { readonly ok: false; readonly error: string };

/** One step of a scenario, as recorded for the cross-transport comparison. */
export interface Step {
  readonly call: string;
  readonly ok: boolean;
  readonly error?: string;
  /** The private reason the service logged for a refusal (both transports log it the same way). */
  readonly loggedReason?: string;
}

/**
 * The token API over one transport. Scenarios are written once against this and run over HTTP
 * and over gRPC; each transport records its steps so the suite can compare them.
 */
export interface TokenTransport {
  readonly name: 'http' | 'grpc';
  readonly steps: Step[];
  issue(clientId: string, options?: { scope?: string; sub?: string; as?: string }): Promise<TokenBody>;
  refresh(client: ClientCredentials, refreshToken: string, options?: { scope?: string; as?: string }): Promise<Outcome<TokenBody>>;
  /** A public client: `client_id` alone (form field / metadata key). */
  refreshAsPublicClient(clientId: string, refreshToken: string): Promise<Outcome<TokenBody>>;
  /** client_secret_post: credentials in the form / in `client_id` + `client_secret` metadata. */
  refreshWithPostedSecret(client: ClientCredentials, refreshToken: string): Promise<Outcome<TokenBody>>;
  clientCredentials(client: ClientCredentials, scope: string): Promise<Outcome<TokenBody>>;
  revoke(client: ClientCredentials, token: string, as?: string): Promise<Outcome<Record<string, never>>>;
  introspect(client: ClientCredentials, token: string, as?: string): Promise<Outcome<Introspection>>;
  /** Introspection by a public client: `client_id` alone (form field / metadata key). */
  introspectAsPublicClient(clientId: string, token: string): Promise<Outcome<Introspection>>;
  /** Why the last `{"active":false}` was answered, as the service logged it (both transports alike). */
  lastInactiveReason(): string | undefined;
  /** The last outcome's gRPC `ErrorInfo.metadata.reason` (gRPC only; `undefined` on HTTP). */
  lastPublicReason(): string | undefined;
}

/** The gRPC status each OAuth error code must come with (README, "gRPC"). */
export const GRPC_STATUS_OF: Readonly<Record<string, GrpcStatus>> = {
  invalid_request: GrpcStatus.INVALID_ARGUMENT,
  invalid_scope: GrpcStatus.INVALID_ARGUMENT,
  unsupported_grant_type: GrpcStatus.INVALID_ARGUMENT,
  invalid_grant: GrpcStatus.FAILED_PRECONDITION,
  unauthorized_client: GrpcStatus.FAILED_PRECONDITION,
  invalid_client: GrpcStatus.UNAUTHENTICATED,
  unauthorized: GrpcStatus.UNAUTHENTICATED,
  permission_denied: GrpcStatus.PERMISSION_DENIED,
  access_denied: GrpcStatus.PERMISSION_DENIED,
  not_found: GrpcStatus.NOT_FOUND,
  temporarily_unavailable: GrpcStatus.UNAVAILABLE,
};

/** The message of the service's debug line saying why introspection answered `{"active":false}`. */
const INTROSPECTION_INACTIVE = 'introspection inactive';

/** HTTP statuses of the OAuth errors the token endpoints answer. */
const HTTP_STATUS_OF: Readonly<Record<string, number>> = { invalid_client: 401, not_found: 404, temporarily_unavailable: 503 };

/** The token API over HTTP (Okta-compatible paths, form bodies, HTTP Basic). */
export function httpTransport(ledger: TestLedger): TokenTransport {
  const steps: Step[] = [];
  const url = (as: string, endpoint: string) => `${ledger.baseUrl}/oauth2/${as}/v1/${endpoint}`;
  const introspectWith = async (call: string, form: Record<string, string>, headers: Record<string, string>, as: string): Promise<Outcome<Introspection>> =>
    record(call, await postForm<Introspection>(url(as, 'introspect'), form, headers), (body) => ({
      ...body,
      ...(typeof body.aud === 'string' ? { aud: [body.aud] } : {}),
    }));
  function record<T>(call: string, result: HttpResult<T>, map: (body: T) => unknown = (b) => b): Outcome<any> {
    const body = result.body as Record<string, unknown>;
    if (result.status === 200) {
      steps.push({ call, ok: true });
      return { ok: true, body: map(result.body) };
    }
    const error = String(body.error);
    expect({ call, status: result.status }).toEqual({ call, status: HTTP_STATUS_OF[error] ?? 400 });
    steps.push({ call, ok: false, error, loggedReason: lastRefusalReason(ledger) });
    return { ok: false, error };
  }
  return {
    name: 'http',
    steps,
    issue: (clientId, options = {}) => issueFamily(ledger, clientId, options),
    refresh: async (client, refreshToken, options = {}) =>
      record(
        'refresh',
        await postForm<TokenBody>(
          url(options.as ?? 'default', 'token'),
          { grant_type: 'refresh_token', refresh_token: refreshToken, ...(options.scope !== undefined ? { scope: options.scope } : {}) },
          { authorization: basic(client.id, client.secret) },
        ),
      ),
    refreshAsPublicClient: async (clientId, refreshToken) =>
      record('refresh (public)', await postForm<TokenBody>(url('default', 'token'), { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId })),
    refreshWithPostedSecret: async (client, refreshToken) =>
      record(
        'refresh (posted secret)',
        await postForm<TokenBody>(url('default', 'token'), { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: client.id, client_secret: client.secret }),
      ),
    clientCredentials: async (client, scope) =>
      record('client_credentials', await postForm<TokenBody>(url('default', 'token'), { grant_type: 'client_credentials', scope }, { authorization: basic(client.id, client.secret) })),
    revoke: async (client, token, as = 'default') =>
      record('revoke', await postForm(url(as, 'revoke'), { token }, { authorization: basic(client.id, client.secret) }), () => ({})),
    introspect: (client, token, as = 'default') => introspectWith('introspect', { token }, { authorization: basic(client.id, client.secret) }, as),
    introspectAsPublicClient: (clientId, token) => introspectWith('introspect (public)', { token, client_id: clientId }, {}, 'default'),
    lastInactiveReason: () => lastRefusalReason(ledger, INTROSPECTION_INACTIVE),
    lastPublicReason: () => undefined,
  };
}

/** The token API over gRPC (`tokenledger.v1.TokenService`, credentials in metadata). */
export function grpcTransport(ledger: TestLedger, clients: LedgerGrpcClients): TokenTransport {
  const steps: Step[] = [];
  let publicReason: string | undefined;
  function record<T>(call: string, result: GrpcResult<T>): Outcome<T> {
    if (result.ok) {
      steps.push({ call, ok: true });
      publicReason = undefined;
      return { ok: true, body: result.value };
    }
    const error = result.errorInfo?.reason ?? `no ErrorInfo (status ${result.code}: ${result.details})`;
    // The status, its ErrorInfo and the Status message in the trailer agree.
    expect({ call, code: result.code, domain: result.errorInfo?.domain, statusDetails: result.statusDetails }).toEqual({
      call,
      code: GRPC_STATUS_OF[error],
      domain: 'tokenledger',
      statusDetails: { code: result.code, message: result.details },
    });
    publicReason = result.errorInfo?.metadata.reason;
    steps.push({ call, ok: false, error, loggedReason: lastRefusalReason(ledger) });
    return { ok: false, error };
  }
  const introspectWith = async (call: string, token: string, metadata: Metadata, as: string): Promise<Outcome<Introspection>> => {
    const outcome = record(call, await unary<Introspection>(clients.token, 'IntrospectToken', { authorization_server_id: as, token }, metadata));
    if (!outcome.ok || (outcome.body.aud?.length ?? 0) > 0) return outcome;
    // proto3 cannot tell an empty list from an absent one; an inactive answer has no `aud`.
    const { aud: _empty, ...body } = outcome.body;
    return { ok: true, body };
  };
  const refreshRequest = (refreshToken: string, options: { scope?: string; as?: string } = {}) => ({
    authorization_server_id: options.as ?? 'default',
    refresh_token: refreshToken,
    ...(options.scope !== undefined ? { scope: options.scope } : {}),
  });
  return {
    name: 'grpc',
    steps,
    issue: async (clientId, options = {}) => {
      const result = await unary<TokenBody>(
        clients.token,
        'IssueTokens',
        { authorization_server_id: options.as ?? 'default', client_id: clientId, sub: options.sub ?? 'alice@example.com', scope: options.scope ?? 'openid offline_access' },
        adminMetadata(),
      );
      if (!result.ok) throw new Error(`issuance failed: ${result.code} ${result.details}`);
      return result.value;
    },
    refresh: async (client, refreshToken, options = {}) =>
      record('refresh', await unary<TokenBody>(clients.token, 'RefreshTokens', refreshRequest(refreshToken, options), basicMetadata(client))),
    refreshAsPublicClient: async (clientId, refreshToken) =>
      record('refresh (public)', await unary<TokenBody>(clients.token, 'RefreshTokens', refreshRequest(refreshToken), metadataOf({ client_id: clientId }))),
    refreshWithPostedSecret: async (client, refreshToken) =>
      record(
        'refresh (posted secret)',
        await unary<TokenBody>(clients.token, 'RefreshTokens', refreshRequest(refreshToken), metadataOf({ client_id: client.id, client_secret: client.secret })),
      ),
    clientCredentials: async (client, scope) =>
      record('client_credentials', await unary<TokenBody>(clients.token, 'IssueClientCredentialsToken', { authorization_server_id: 'default', scope }, basicMetadata(client))),
    revoke: async (client, token, as = 'default') =>
      record('revoke', await unary<Record<string, never>>(clients.token, 'RevokeToken', { authorization_server_id: as, token }, basicMetadata(client))),
    introspect: (client, token, as = 'default') => introspectWith('introspect', token, basicMetadata(client), as),
    introspectAsPublicClient: (clientId, token) => introspectWith('introspect (public)', token, metadataOf({ client_id: clientId }), 'default'),
    lastInactiveReason: () => lastRefusalReason(ledger, INTROSPECTION_INACTIVE),
    lastPublicReason: () => publicReason,
  };
}

const TIME_KEY = /(At|^iat|^exp|^now)$/;

/**
 * A family's events with what legitimately differs between two runs of one scenario replaced
 * by placeholders: ids (family, token ids, `jti`s, request ids), hashes and instants. Types,
 * every other value (clients, scopes, generations, leeway flags, provenance, reasons,
 * actors) and the shape of every event remain, so two runs compare equal only if they
 * appended the same events.
 */
export function normalizedEvents(events: readonly RecordedEvent[]): unknown[] {
  const familyId = (events[0]?.data as { familyId?: string } | undefined)?.familyId ?? '';
  const value = (key: string, v: unknown): unknown => {
    if (v === null || v === undefined) return v;
    if (Array.isArray(v)) return v.map((item) => value('', item));
    if (typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, value(k, x)]));
    if (typeof v === 'number' && TIME_KEY.test(key)) return '<instant>';
    if (typeof v !== 'string') return v;
    if (key === 'hash' || key === 'previousEventHash') return '<hash>';
    if (key === 'jti' || key === 'requestId' || key === 'correlationId' || key === 'causationId') return `<${key}>`;
    const named = familyId ? v.split(familyId).join('<family>') : v;
    // `<family>.<sequence>` names a refresh token; `<family>.<random>` is an access-token jti.
    return /^<family>\.(?!\d+$)/.test(named) ? '<family>.<jti>' : named;
  };
  return events.map((event) => ({ type: event.type, data: value('', event.data), metadata: value('', event.metadata) }));
}
