import { status as GrpcStatus } from '@grpc/grpc-js';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import { EventStoreUnavailableError } from '@ledger/event-sourcing';
import { ApiValidationError, ResourceNotFoundError } from '../management-errors/management-errors';
import {
  AccessDeniedError,
  InvalidClientError,
  InvalidGrantError,
  InvalidRequestError,
  InvalidScopeError,
  NotFoundError,
  ServerError,
  TemporarilyUnavailableError,
  UnauthorizedClientError,
  UnauthorizedError,
} from '../oauth-errors/oauth-errors';
import { PROTO_ROOT } from './grpc-contract';
import { grpcFailureOf, PermissionDeniedError, toServiceError } from './grpc-errors';
import { STATUS_DETAILS_KEY } from './status-details';

describe('gRPC error mapping', () => {
  it.each([
    [new InvalidRequestError('d', 'invalid_parameter', 'scope'), GrpcStatus.INVALID_ARGUMENT, 'invalid_request', { reason: 'invalid_parameter', field: 'scope' }],
    [new InvalidScopeError('d', 'scope_widening'), GrpcStatus.INVALID_ARGUMENT, 'invalid_scope', { reason: 'scope_widening' }],
    [new InvalidGrantError('d', 'reused_outside_leeway'), GrpcStatus.FAILED_PRECONDITION, 'invalid_grant', { reason: 'reused_outside_leeway' }],
    [new InvalidGrantError('d', 'client_mismatch'), GrpcStatus.FAILED_PRECONDITION, 'invalid_grant', { reason: 'unknown_token' }],
    [new InvalidGrantError('d', 'wrong_authorization_server'), GrpcStatus.FAILED_PRECONDITION, 'invalid_grant', { reason: 'unknown_token' }],
    [new UnauthorizedClientError('d', 'grant_type_not_allowed'), GrpcStatus.FAILED_PRECONDITION, 'unauthorized_client', { reason: 'grant_type_not_allowed' }],
    [new InvalidClientError('d', 'unknown_client'), GrpcStatus.UNAUTHENTICATED, 'invalid_client', { reason: 'client_authentication_failed' }],
    [new InvalidClientError('d', 'wrong_secret'), GrpcStatus.UNAUTHENTICATED, 'invalid_client', { reason: 'client_authentication_failed' }],
    [new UnauthorizedError('d', 'missing_credential'), GrpcStatus.UNAUTHENTICATED, 'unauthorized', { reason: 'missing_credential' }],
    [new PermissionDeniedError('d', 'client_credential_not_accepted'), GrpcStatus.PERMISSION_DENIED, 'permission_denied', { reason: 'client_credential_not_accepted' }],
    [new AccessDeniedError('d', 'no_matching_rule'), GrpcStatus.PERMISSION_DENIED, 'access_denied', { reason: 'no_matching_rule' }],
    [new NotFoundError('d', 'unknown_authorization_server'), GrpcStatus.NOT_FOUND, 'not_found', { reason: 'unknown_authorization_server' }],
    [new TemporarilyUnavailableError('d', 'shutting_down'), GrpcStatus.UNAVAILABLE, 'temporarily_unavailable', { reason: 'shutting_down' }],
    [new ApiValidationError('at', 'must be a date'), GrpcStatus.INVALID_ARGUMENT, 'invalid_request', { reason: 'invalid_parameter', field: 'at' }],
    [new ResourceNotFoundError('abc', 'TokenFamily'), GrpcStatus.NOT_FOUND, 'not_found', { reason: 'not_found' }],
  ])('%p is %i with ErrorInfo %s %p', (error, code, oauthCode, metadata) => {
    expect(grpcFailureOf(error)).toMatchObject({ code, errorInfo: { reason: oauthCode, domain: 'tokenledger', metadata } });
  });

  it('answers an unavailable store UNAVAILABLE, as the HTTP side answers 503', () => {
    expect(grpcFailureOf(new EventStoreUnavailableError('connection refused'))).toMatchObject({
      code: GrpcStatus.UNAVAILABLE,
      errorInfo: { reason: 'temporarily_unavailable', metadata: { reason: 'event_store_unavailable', retry_after_seconds: '1' } },
    });
  });

  it('collapses anything unexpected to INTERNAL, saying nothing about it', () => {
    for (const error of [new Error('SQLITE_CORRUPT: /secret/path'), new ServerError('boom'), 'a string', undefined]) {
      const failure = grpcFailureOf(error);
      expect(failure).toMatchObject({ code: GrpcStatus.INTERNAL, message: 'Internal error.', errorInfo: null });
      expect(toServiceError(failure).metadata.get(STATUS_DETAILS_KEY)).toEqual([]);
    }
  });

  it('encodes google.rpc.Status with an Any-packed google.rpc.ErrorInfo in the grpc-status-details-bin trailer', () => {
    const error = toServiceError(grpcFailureOf(new InvalidScopeError('The requested scope is invalid, unknown, or malformed.', 'scope_widening')));
    expect(error).toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT, details: 'The requested scope is invalid, unknown, or malformed.' });
    const [bytes] = error.metadata.get(STATUS_DETAILS_KEY) as Buffer[];
    const root = protobuf.loadSync([path.join(PROTO_ROOT, 'google/rpc/status.proto'), path.join(PROTO_ROOT, 'google/rpc/error_details.proto')]);
    const Status = root.lookupType('google.rpc.Status');
    const ErrorInfo = root.lookupType('google.rpc.ErrorInfo');
    const status = Status.toObject(Status.decode(bytes)) as { code: number; message: string; details: { type_url: string; value: Uint8Array }[] };
    expect(status).toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT, message: 'The requested scope is invalid, unknown, or malformed.' });
    expect(status.details.map((d) => d.type_url)).toEqual(['type.googleapis.com/google.rpc.ErrorInfo']);
    expect(ErrorInfo.toObject(ErrorInfo.decode(status.details[0].value))).toEqual({ reason: 'invalid_scope', domain: 'tokenledger', metadata: { reason: 'scope_widening' } });
  });
});
