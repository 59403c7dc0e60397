import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import {
  CLIENT_ASSERTION_TYPE_JWT_BEARER,
  JwtVerificationFailed,
  readClientAssertionSubject,
  verifyClientAssertion,
  verifyClientSecretAsync,
} from '@ledger/token-crypto';
import { ConfigurationRegistry, type ClientView } from '../configuration/configuration.registry';
import { LedgerIntegrity } from '../integrity/ledger-integrity';
import { InvalidClientError, InvalidRequestError } from '../oauth-errors/oauth-errors';
import { claimedClientId } from '../rate-limits/claimed-client-id';
import { RateLimiter } from '../rate-limits/rate-limiter';
import { CLOCK, type Clock } from '../shared/clock';
import { correlationIdFrom } from '../shared/request-context';
import { ClientAssertionReplayGuard } from './client-assertion-replay';
import type { ClientCredentialParams } from './client-credential-fields.dto';

/** The client a request was authenticated as, and how. */
export interface AuthenticatedClient {
  readonly client: ClientView;
  readonly method: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
}

/**
 * What client authentication reads from a request. A `FastifyRequest` is one; the gRPC
 * transport builds one from the call's metadata, so both transports authenticate clients with
 * the very same checks.
 */
export interface ClientAuthRequest {
  /** The request id, recorded with an accepted client assertion. */
  readonly id: string;
  /** `authorization` (HTTP Basic) and `x-correlation-id`; header names in lower case. */
  readonly headers: { readonly authorization?: string; readonly [name: string]: string | string[] | undefined };
  /** Route parameters: `as` names the authorization server (a client assertion's audience). */
  readonly params?: unknown;
  /** The route pattern (`/oauth2/:as/v1/revoke`): which endpoint an assertion may be addressed to. */
  readonly routeOptions?: { readonly url?: string };
  /** The source address, whose failed authentications are counted (`RateLimiter`); unknown when absent. */
  readonly ip?: string;
}

const INVALID = 'Client authentication failed.';

/**
 * Okta's bound on a client assertion's lifetime: `exp` at most one hour ahead. It also bounds
 * how long a captured assertion could be tried.
 */
const MAX_ASSERTION_LIFETIME_SECONDS = 3600;
/** Skew allowed between the client's clock and ours (node-oidc-provider's default). */
const ASSERTION_CLOCK_TOLERANCE_SECONDS = 15;

/**
 * Authenticates the calling client by HTTP Basic, form body, `private_key_jwt` (a JWT
 * assertion signed with a key the client registered), or `none` (public clients send only
 * `client_id`), as RFC 6749 §2.3 and the client's registered `token_endpoint_auth_method`
 * allow. Every failure is the same `invalid_client` (401) so the answer does not reveal whether
 * a client id exists; the private `reason` says which.
 *
 * The secret methods stay synchronous in-process checks against the registry (the refresh hot
 * path), once the registry is known to be fresh (`ConfigurationRegistry.untilFresh`); only
 * `private_key_jwt` touches the event store, to record the assertion's `jti`.
 */
@Injectable()
export class ClientAuthenticator {
  private readonly replayGuard: ClientAssertionReplayGuard;

  constructor(
    private readonly registry: ConfigurationRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) store: EventStore,
    private readonly limiter: RateLimiter,
    private readonly integrity: LedgerIntegrity,
  ) {
    this.replayGuard = new ClientAssertionReplayGuard(store);
  }

  /**
   * Authenticates the client. A client id or address that failed too often in the current window
   * is refused with 429 before its credential is checked (a right one included); each
   * `invalid_client` but a missing credential counts as a failure of the claimed client id and
   * of the address.
   *
   * @throws LedgerIntegrityError (503) when the ledger failed verification
   * @throws TooManyRequestsError, InvalidClientError, InvalidRequestError, EventStoreUnavailableError
   *   (the registry could not be verified as current: 503)
   */
  async authenticate(request: ClientAuthRequest, params: ClientCredentialParams): Promise<AuthenticatedClient> {
    // A ledger that failed verification serves no token endpoint (a boolean, no I/O).
    this.integrity.requireIntact();
    let claimed: string | undefined;
    try {
      const basic = parseBasic(request.headers.authorization);
      claimed = basic?.clientId ?? claimedClientId(undefined, params);
      this.limiter.requireClientCredentialBudget(request.ip, claimed);
      // A client deactivated or a secret rotated on another replica is refused here within the
      // freshness bound: the registry must have been verified against the log's head recently.
      const stale = this.registry.untilFresh();
      if (stale) await stale;
      return await this.authenticateWith(basic, request, params);
    } catch (error) {
      // A request with no credential at all guesses nothing, so it is not counted.
      if (error instanceof InvalidClientError && error.reason !== 'no_client_authentication') this.limiter.recordClientFailure(request.ip, claimed);
      throw error;
    }
  }

  private async authenticateWith(
    basic: { clientId: string; secret: string } | null,
    request: ClientAuthRequest,
    params: ClientCredentialParams,
  ): Promise<AuthenticatedClient> {
    if (basic && (params.client_secret !== undefined || params.client_assertion !== undefined)) {
      // RFC 6749 §2.3: a client MUST NOT use more than one authentication method per request.
      throw new InvalidRequestError('Use only one client authentication method.', 'multiple_client_auth_methods');
    }
    if (params.client_assertion !== undefined || params.client_assertion_type !== undefined) {
      if (params.client_secret !== undefined) {
        throw new InvalidRequestError('Use only one client authentication method.', 'multiple_client_auth_methods');
      }
      return this.withAssertion(request, params);
    }
    if (basic) {
      if (params.client_id !== undefined && params.client_id !== basic.clientId) {
        throw new InvalidRequestError('client_id does not match the authenticated client.', 'client_id_mismatch');
      }
      return this.withSecret(basic.clientId, basic.secret, 'client_secret_basic');
    }
    if (params.client_id === undefined || params.client_id === '') {
      throw new InvalidClientError(INVALID, 'no_client_authentication');
    }
    if (params.client_secret !== undefined) {
      return this.withSecret(params.client_id, params.client_secret, 'client_secret_post');
    }
    const client = this.registry.getClient(params.client_id);
    if (!client || client.status !== 'ACTIVE') throw new InvalidClientError(INVALID, 'unknown_client');
    if (client.tokenEndpointAuthMethod !== 'none') throw new InvalidClientError(INVALID, 'credentials_required');
    return { client, method: 'none' };
  }

  private async withSecret(
    clientId: string,
    secret: string,
    method: 'client_secret_basic' | 'client_secret_post',
  ): Promise<AuthenticatedClient> {
    const client = this.registry.getClient(clientId);
    if (!client || client.status !== 'ACTIVE') throw new InvalidClientError(INVALID, 'unknown_client');
    if (client.secretHashes.length === 0 || client.tokenEndpointAuthMethod === 'none' || client.tokenEndpointAuthMethod === 'private_key_jwt') {
      throw new InvalidClientError(INVALID, 'method_not_allowed');
    }
    // During a rotation two secrets are ACTIVE. Each comparison is constant-time and all of
    // them run, so the answer's timing does not tell which secret matched or how many exist.
    const matches = await Promise.all(client.secretHashes.map((hash) => verifyClientSecretAsync(secret, hash)));
    if (!matches.includes(true)) throw new InvalidClientError(INVALID, 'wrong_secret');
    // As Okta and Hydra, the registered method is enforced: a client_secret_basic client that
    // posts its secret in the body is refused (checked after the secret, so the answer is the
    // same for a wrong secret and a wrong method).
    if (client.tokenEndpointAuthMethod !== method) throw new InvalidClientError(INVALID, 'wrong_auth_method');
    return { client, method };
  }

  /**
   * `private_key_jwt` (RFC 7523 §2.2, OIDC Core §9): checks run in a fixed order, and the jti
   * is recorded only once the signature and claims hold, so a forged assertion appends nothing.
   */
  private async withAssertion(request: ClientAuthRequest, params: ClientCredentialParams): Promise<AuthenticatedClient> {
    // As node-oidc-provider: a malformed request is invalid_request, a bad assertion invalid_client.
    if (params.client_assertion_type !== CLIENT_ASSERTION_TYPE_JWT_BEARER) {
      throw new InvalidRequestError(`client_assertion_type must be ${CLIENT_ASSERTION_TYPE_JWT_BEARER}.`, 'unsupported_assertion_type');
    }
    if (params.client_assertion === undefined || params.client_assertion === '') {
      throw new InvalidRequestError("The 'client_assertion' parameter is required.", 'missing_client_assertion');
    }
    const assertion = params.client_assertion;
    // client_id is optional with an assertion (RFC 7523 §3); the claimed subject names the keys.
    const claimed = readClientAssertionSubject(assertion);
    if (claimed === undefined) throw new InvalidClientError(INVALID, 'assertion_malformed');
    if (params.client_id !== undefined && params.client_id !== claimed) throw new InvalidClientError(INVALID, 'client_id_mismatch');
    const client = this.registry.getClient(claimed);
    if (!client || client.status !== 'ACTIVE') throw new InvalidClientError(INVALID, 'unknown_client');
    if (client.tokenEndpointAuthMethod !== 'private_key_jwt' || client.jwks === null) {
      throw new InvalidClientError(INVALID, 'wrong_auth_method');
    }
    const server = this.registry.getServer((request.params as { as?: string } | undefined)?.as ?? '');
    if (!server) throw new InvalidClientError(INVALID, 'unknown_authorization_server');
    const now = this.clock.now();
    let verified: Awaited<ReturnType<typeof verifyClientAssertion>>;
    try {
      verified = await verifyClientAssertion(assertion, {
        jwks: client.jwks,
        clientId: client.clientId,
        audiences: assertionAudiences(server.issuer, request),
        currentDate: new Date(now),
        maxLifetimeSeconds: MAX_ASSERTION_LIFETIME_SECONDS,
        clockToleranceSeconds: ASSERTION_CLOCK_TOLERANCE_SECONDS,
      });
    } catch (error) {
      if (error instanceof JwtVerificationFailed) {
        throw new InvalidClientError(INVALID, `assertion_${error.code}`, error.claim ? `${error.detail} (${error.claim})` : error.detail);
      }
      throw error;
    }
    const requestId = String(request.id);
    const firstUse = await this.replayGuard.recordFirstUse(
      { clientId: client.clientId, jti: verified.jti, exp: verified.exp },
      { requestId, correlationId: correlationIdFrom(request.headers, requestId), actor: `client:${client.clientId}` },
    );
    if (!firstUse) throw new InvalidClientError(INVALID, 'assertion_replayed');
    return { client, method: 'private_key_jwt' };
  }
}

/**
 * The `aud` values an assertion may carry: the token endpoint URL (RFC 7523 §3, OIDC Core §9),
 * the issuer (RFC 7523 allows it, Okta accepts it), and the URL of the endpoint actually
 * called, so revocation and introspection accept assertions addressed to themselves.
 */
function assertionAudiences(issuer: string, request: ClientAuthRequest): string[] {
  const audiences = [`${issuer}/v1/token`, issuer];
  const endpoint = /\/v1\/(token|revoke|introspect)$/.exec(request.routeOptions?.url ?? '')?.[1];
  if (endpoint !== undefined && endpoint !== 'token') audiences.push(`${issuer}/v1/${endpoint}`);
  return audiences;
}

/** Parses `Authorization: Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1). */
export function parseBasic(header: string | undefined): { clientId: string; secret: string } | null {
  if (typeof header !== 'string') return null;
  const match = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(header);
  if (!match) {
    if (/^Basic\b/i.test(header)) throw new InvalidClientError(INVALID, 'malformed_basic_header');
    return null;
  }
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new InvalidClientError(INVALID, 'malformed_basic_header');
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    throw new InvalidClientError(INVALID, 'malformed_basic_header');
  }
}
