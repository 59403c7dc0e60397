import type { Metadata } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import type { ClientAuthRequest } from '../client-auth/client-authenticator';
import { InvalidRequestError } from '../oauth-errors/oauth-errors';
import { correlationIdFrom, saneId, type RequestContext } from '../shared/request-context';
import { isUndecodable } from './grpc-contract';

/** The metadata key of the request id, as HTTP's `X-Request-Id`. */
export const REQUEST_ID_KEY = 'x-request-id';

/**
 * One gRPC call as the shared code sees an HTTP request: its request and correlation ids, and
 * its metadata read one value per key.
 */
export class GrpcCall {
  private constructor(
    private readonly metadata: Metadata,
    /** A sane `x-request-id` from the caller, or a generated UUID. */
    readonly requestId: string,
    /** The caller's address (`127.0.0.1`, `::1`), when the call was given; budgets are counted per address. */
    readonly peerAddress?: string,
  ) {}

  /**
   * The call behind `metadata`. A generated request id is written back into the metadata, so
   * the exception filter logs a refusal under the same id as the events it did not append.
   */
  static of(metadata: Metadata, call?: { getPeer(): string }): GrpcCall {
    const given = metadata.get(REQUEST_ID_KEY);
    const sane = given.length === 1 ? saneId(given[0]) : undefined;
    const requestId = sane ?? randomUUID();
    if (!sane) metadata.set(REQUEST_ID_KEY, requestId);
    return new GrpcCall(metadata, requestId, call ? peerAddressOf(call.getPeer()) : undefined);
  }

  /**
   * The one value of a text metadata key, or `undefined`. A key sent twice is refused, as
   * RFC 6749 §3.2 refuses a repeated parameter: which value counts must never be a guess.
   */
  single(key: string): string | undefined {
    const values = this.metadata.get(key);
    if (values.length === 0) return undefined;
    if (values.length > 1 || typeof values[0] !== 'string') {
      throw new InvalidRequestError(`The '${key}' metadata must be sent once, as text.`, 'repeated_metadata', key);
    }
    return values[0];
  }

  /** The metadata of the commands this call dispatches (the events' `requestId`, `correlationId`, `actor`). */
  requestContext(actor: string): RequestContext {
    return { requestId: this.requestId, correlationId: correlationIdFrom(this.headers(), this.requestId), actor };
  }

  /**
   * The request client authentication reads: the `authorization` metadata as the header, and,
   * for a client assertion's audience, the authorization server and the HTTP endpoint the RPC
   * mirrors (`token`, `revoke` or `introspect`).
   */
  clientAuthRequest(authorizationServerId?: string, endpoint?: 'token' | 'revoke' | 'introspect'): ClientAuthRequest {
    return {
      id: this.requestId,
      headers: this.headers(),
      ...(authorizationServerId !== undefined ? { params: { as: authorizationServerId } } : {}),
      ...(endpoint !== undefined ? { routeOptions: { url: `/oauth2/:as/v1/${endpoint}` } } : {}),
      ...(this.peerAddress !== undefined ? { ip: this.peerAddress } : {}),
    };
  }

  private headers(): { authorization?: string; 'x-correlation-id'?: string } {
    const authorization = this.single('authorization');
    const correlationId = this.single('x-correlation-id');
    return {
      ...(authorization !== undefined ? { authorization } : {}),
      ...(correlationId !== undefined ? { 'x-correlation-id': correlationId } : {}),
    };
  }
}

/**
 * The request message as an object, with proto3's empty values read as absent (proto3 cannot
 * tell `""` from unset, and the shared DTOs treat a missing field as missing). Bytes that did
 * not decode are INVALID_ARGUMENT.
 */
export function requestFields<T extends object>(request: unknown): Partial<T> {
  if (isUndecodable(request) || typeof request !== 'object' || request === null) {
    throw new InvalidRequestError('The request message could not be decoded.', 'undecodable_message');
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request)) {
    if (value === '' || value === 0 || value === false || (Array.isArray(value) && value.length === 0)) continue;
    fields[key] = value;
  }
  return fields as Partial<T>;
}

/** `authorization_server_id`, which every token RPC needs (HTTP has it in the path). */
export function requireAuthorizationServerId(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidRequestError("The 'authorization_server_id' field is required.", 'invalid_parameter', 'authorization_server_id');
  }
  if (value.length > 100) {
    throw new InvalidRequestError("The 'authorization_server_id' field is invalid.", 'invalid_parameter', 'authorization_server_id');
  }
  return value;
}

/**
 * The address in grpc-js's peer string, as HTTP's `request.ip` has it: grpc-js writes
 * `<remoteAddress>:<remotePort>` (`127.0.0.1:5000`, `::1:5000`), older versions
 * `ipv4:127.0.0.1:5000` or `ipv6:[::1]:5000`; `unknown` when the socket is gone.
 */
export function peerAddressOf(peer: string): string | undefined {
  if (peer === '' || peer === 'unknown') return undefined;
  const bracketed = /^(?:ipv6:)?\[(.+)\]:\d+$/.exec(peer);
  if (bracketed) return bracketed[1];
  const withPort = /^(?:ipv4:|ipv6:)?(.+):\d+$/.exec(peer);
  return withPort ? withPort[1] : peer;
}
