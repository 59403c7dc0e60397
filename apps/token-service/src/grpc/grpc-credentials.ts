import { Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { ADMIN_CREDENTIAL, type AdminCredential } from '../admin-auth/admin-credential';
import { AUDITOR_ACTOR } from '../audit-auth/auditor-credential.guard';
import { AUDITOR_CREDENTIAL, sha256, type AuditorCredential } from '../audit-auth/auditor-credential';
import { ClientAuthenticator, type AuthenticatedClient } from '../client-auth/client-authenticator';
import { CLIENT_CREDENTIAL_KEYS, ClientCredentialFieldsDto } from '../client-auth/client-credential-fields.dto';
import { InvalidClientError, UnauthorizedError } from '../oauth-errors/oauth-errors';
import { claimedClientId } from '../rate-limits/claimed-client-id';
import { RateLimiter } from '../rate-limits/rate-limiter';
import { parseBody } from '../shared/form';
import type { GrpcCall } from './grpc-call';
import { PermissionDeniedError } from './grpc-errors';

/** The roles a gRPC credential can prove. */
export type GrpcRole = 'admin' | 'auditor' | 'client';

/** Who is calling, once authenticated. */
export type GrpcPrincipal =
  | { readonly role: 'admin' | 'auditor'; readonly actor: string }
  | ({ readonly role: 'client'; readonly actor: string } & AuthenticatedClient);

/** An authenticated client. */
export type GrpcClientPrincipal = Extract<GrpcPrincipal, { readonly role: 'client' }>;

/** Where client credentials are checked: which authorization server and which HTTP endpoint the RPC mirrors. */
export interface ClientAuthScope {
  readonly authorizationServerId?: string;
  readonly endpoint?: 'token' | 'revoke' | 'introspect';
}

const BEARER = /^(?:Bearer|SSWS) +(\S+)$/i;

/**
 * Authenticates a gRPC call from its metadata and checks its role, with the HTTP side's own
 * checks: the admin and auditor credentials (`authorization: Bearer …` or `SSWS …`) compared as
 * SHA-256 digests in constant time, and clients through {@link ClientAuthenticator}
 * (`authorization: Basic …`, or the `client_id`/`client_secret`/`client_assertion` keys).
 *
 * No credential, or one that proves nothing, is UNAUTHENTICATED; a valid credential of a role
 * the RPC does not accept is PERMISSION_DENIED. A client credential is verified before its
 * role is judged, so PERMISSION_DENIED never tells whether a guessed secret was right.
 */
@Injectable()
export class GrpcCredentials {
  constructor(
    private readonly clients: ClientAuthenticator,
    @Inject(ADMIN_CREDENTIAL) private readonly admin: AdminCredential,
    @Inject(AUDITOR_CREDENTIAL) private readonly auditor: AuditorCredential,
    private readonly limiter: RateLimiter,
  ) {}

  /**
   * The authenticated principal, if its role is one of `accepted`.
   *
   * @throws InvalidClientError when only clients are accepted and no client authenticated
   * @throws UnauthorizedError when an admin or auditor credential is missing or unknown
   * @throws PermissionDeniedError for a valid credential of another role
   */
  async authenticate(call: GrpcCall, accepted: readonly GrpcRole[], scope: ClientAuthScope = {}): Promise<GrpcPrincipal> {
    // The token RPCs accept clients only: any failure there is `invalid_client`, as on HTTP.
    const clientsOnly = accepted.length === 1 && accepted[0] === 'client';
    const authorization = call.single('authorization');
    const bearer = authorization !== undefined ? BEARER.exec(authorization) : null;
    if (bearer) return this.allow(this.serviceRole(bearer[1], clientsOnly, call.peerAddress), accepted);
    // Client credentials sent as metadata keys (client_secret_post, private_key_jwt, public
    // clients) are validated by the very DTO the HTTP forms extend.
    const params = parseBody(ClientCredentialFieldsDto, Object.fromEntries(CLIENT_CREDENTIAL_KEYS.map((key) => [key, call.single(key)])));
    const presentsClient = (authorization !== undefined && /^Basic\b/i.test(authorization)) || CLIENT_CREDENTIAL_KEYS.some((key) => params[key] !== undefined);
    if (!presentsClient) {
      if (clientsOnly) throw new InvalidClientError('Client authentication failed.', 'no_client_authentication');
      throw new UnauthorizedError(`A credential is required: ${accepted.join(' or ')}.`, 'missing_credential');
    }
    const authenticated = await this.clients.authenticate(call.clientAuthRequest(scope.authorizationServerId, scope.endpoint), params);
    return this.allow({ role: 'client', actor: `client:${authenticated.client.clientId}`, ...authenticated }, accepted);
  }

  /**
   * The calling client (the token RPCs), authenticated as on the HTTP endpoint the RPC mirrors,
   * after the call is counted against that endpoint's request budgets (shared with HTTP).
   */
  async authenticateClient(call: GrpcCall, scope: ClientAuthScope): Promise<GrpcClientPrincipal> {
    const claimed = claimedClientId(call.single('authorization'), { client_id: call.single('client_id'), client_assertion: call.single('client_assertion') });
    this.limiter.admitRequest(scope.endpoint ?? 'token', call.peerAddress, claimed);
    const principal = await this.authenticate(call, ['client'], scope);
    if (principal.role !== 'client') throw new PermissionDeniedError('A client credential is required.', `${principal.role}_credential_not_accepted`);
    return principal;
  }

  private serviceRole(token: string, clientsOnly: boolean, address: string | undefined): GrpcPrincipal {
    this.limiter.requireServiceCredentialBudget(address);
    const presented = sha256(token);
    if (timingSafeEqual(presented, this.admin.digest)) return { role: 'admin', actor: 'admin:service' };
    if (timingSafeEqual(presented, this.auditor.digest)) return { role: 'auditor', actor: AUDITOR_ACTOR };
    this.limiter.recordServiceCredentialFailure(address);
    if (clientsOnly) throw new InvalidClientError('Client authentication failed.', 'unknown_bearer_credential');
    throw new UnauthorizedError('The credential is invalid.', 'invalid_credential');
  }

  private allow(principal: GrpcPrincipal, accepted: readonly GrpcRole[]): GrpcPrincipal {
    if (!accepted.includes(principal.role)) {
      throw new PermissionDeniedError(`This RPC accepts the ${accepted.join(' or ')} credential, not the ${principal.role} credential.`, `${principal.role}_credential_not_accepted`);
    }
    return principal;
  }
}
