import { Injectable } from '@nestjs/common';
import { verifyClientSecretAsync } from '@ledger/token-crypto';
import type { FastifyRequest } from 'fastify';
import { ConfigurationRegistry, type ClientView } from '../configuration/configuration.registry';
import { InvalidClientError, InvalidRequestError } from '../oauth-errors/oauth-errors';

/** The client a request was authenticated as, and how. */
export interface AuthenticatedClient {
  readonly client: ClientView;
  readonly method: 'client_secret_basic' | 'client_secret_post' | 'none';
}

/** The form parameters that may carry client credentials (RFC 6749 §2.3.1). */
export interface ClientCredentialParams {
  client_id?: string;
  client_secret?: string;
  client_assertion?: string;
  client_assertion_type?: string;
}

const INVALID = 'Client authentication failed.';

/**
 * Authenticates the calling client by HTTP Basic, form body, or `none` (public clients send
 * only `client_id`), as RFC 6749 §2.3 and the client's registered
 * `token_endpoint_auth_method` allow. Every failure is the same `invalid_client` (401) so the
 * answer does not reveal whether a client id exists; the private `reason` says which.
 */
@Injectable()
export class ClientAuthenticator {
  constructor(private readonly registry: ConfigurationRegistry) {}

  async authenticate(request: FastifyRequest, params: ClientCredentialParams): Promise<AuthenticatedClient> {
    const basic = parseBasic(request.headers.authorization);
    if (basic && (params.client_secret !== undefined || params.client_assertion !== undefined)) {
      // RFC 6749 §2.3: a client MUST NOT use more than one authentication method per request.
      throw new InvalidRequestError('Use only one client authentication method.', 'multiple_client_auth_methods');
    }
    if (params.client_assertion !== undefined || params.client_assertion_type !== undefined) {
      throw new InvalidClientError(INVALID, 'private_key_jwt_not_configured');
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
    if (!client.secretHash || client.tokenEndpointAuthMethod === 'none' || client.tokenEndpointAuthMethod === 'private_key_jwt') {
      throw new InvalidClientError(INVALID, 'method_not_allowed');
    }
    if (!(await verifyClientSecretAsync(secret, client.secretHash))) throw new InvalidClientError(INVALID, 'wrong_secret');
    // As Okta and Hydra, the registered method is enforced: a client_secret_basic client that
    // posts its secret in the body is refused (checked after the secret, so the answer is the
    // same for a wrong secret and a wrong method).
    if (client.tokenEndpointAuthMethod !== method) throw new InvalidClientError(INVALID, 'wrong_auth_method');
    return { client, method };
  }
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
