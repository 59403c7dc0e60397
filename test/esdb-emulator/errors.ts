/**
 * How EventStoreDB reports failures, in the two out-of-band shapes the client decodes:
 *
 * - a gRPC status with an `exception` trailer (EventStore
 *   `src/EventStore.Core/Services/Transport/Grpc/RpcExceptions.cs` and `Constants.cs`), which
 *   the client maps to its error classes by that trailer first and by status code second
 *   (EventStore-Client-NodeJS@v6.2.1 `packages/db-client/src/utils/CommandError.ts`,
 *   `convertToCommandError`);
 * - an in-band `google.rpc.Status` in a `BatchAppendResp`, with an `Any` detail the client
 *   unpacks by type name (EventStore `src/EventStore.Core/Services/Transport/Grpc/Status.cs`;
 *   client `packages/db-client/src/streams/appendToStream/unpackError.ts`).
 *
 * `Append`'s wrong expected version is a third, in-band shape built in `append.ts`.
 */
import { Metadata, status as GrpcStatus, type ServiceError, type StatusObject } from '@grpc/grpc-js';

import { Any, code, GoogleEmpty, shared, status, streamIdentifier } from './protocol';

/** A failed call: what `callback(error)` / `call.emit('error', error)` turns into a status. */
export type RpcError = Partial<StatusObject> & Pick<ServiceError, 'code' | 'details' | 'message'>;

/** A status with trailers; values are strings, as the server writes them. */
export function rpcError(code: GrpcStatus, details: string, trailers: Record<string, string> = {}): RpcError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return { code, details, message: details, metadata };
}

/** `exception: wrong-expected-version`, versions as int64 (any -2, no_stream -1, stream_exists -4). */
export function wrongExpectedVersion(operation: string, streamName: string, expected: bigint, actual: bigint): RpcError {
  return rpcError(
    GrpcStatus.FAILED_PRECONDITION,
    `${operation} failed due to WrongExpectedVersion. Stream: ${streamName}, Expected version: ${expected}, Actual version: ${actual}`,
    {
      exception: 'wrong-expected-version',
      'stream-name': streamName,
      'expected-version': expected.toString(),
      'actual-version': actual.toString(),
    },
  );
}

export function streamDeleted(streamName: string): RpcError {
  return rpcError(GrpcStatus.FAILED_PRECONDITION, `Event stream '${streamName}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': streamName,
  });
}

/** Not produced by reads (a missing stream is in-band `stream_not_found` there); kept for completeness. */
export function streamNotFound(streamName: string): RpcError {
  return rpcError(GrpcStatus.NOT_FOUND, `Event stream '${streamName}' is not found.`, {
    exception: 'stream-not-found',
    'stream-name': streamName,
  });
}

/** The client reconnects to `host:port` on this one. */
export function notLeader(host: string, port: number): RpcError {
  return rpcError(GrpcStatus.NOT_FOUND, 'Leader info available', {
    exception: 'not-leader',
    'leader-endpoint-host': host,
    'leader-endpoint-port': String(port),
  });
}

export function accessDenied(): RpcError {
  return rpcError(GrpcStatus.PERMISSION_DENIED, 'Access Denied', { exception: 'access-denied' });
}

export function maximumAppendSizeExceeded(maxAppendSize: number): RpcError {
  return rpcError(GrpcStatus.INVALID_ARGUMENT, `Maximum Append Size of ${maxAppendSize} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': String(maxAppendSize),
  });
}

export function requiredMetadataPropertyMissing(property: string): RpcError {
  return rpcError(GrpcStatus.INVALID_ARGUMENT, `Required Metadata Property '${property}' is missing`, {
    exception: 'missing-required-metadata-property',
    'required-metadata-properties': 'type,content-type',
  });
}

/** What the server answers while it cannot serve (not ready, too busy, shutting down). */
export function unavailable(details = 'Server Is Not Ready'): RpcError {
  return rpcError(GrpcStatus.UNAVAILABLE, details);
}

/**
 * A write that did not complete within the server's write timeout, on the paths with a status
 * (`RpcExceptions.Timeout`: ABORTED "Operation timed out: ..."; the client's `TimeoutError`).
 */
export function operationTimedOut(details: string): RpcError {
  return rpcError(GrpcStatus.ABORTED, `Operation timed out: ${details}`);
}

/**
 * Credentials that do not authenticate: the server's authentication middleware answers every
 * gRPC call with status UNAUTHENTICATED before any handler runs (EventStore
 * `src/EventStore.Core/Services/Transport/Http/AuthenticationMiddleware.cs`,
 * `HandleAsGrpcAsync`); the client raises `AccessDeniedError` for it.
 */
export function unauthenticated(): RpcError {
  return rpcError(GrpcStatus.UNAUTHENTICATED, 'Unauthenticated');
}

export function invalidArgument(details: string): RpcError {
  return rpcError(GrpcStatus.INVALID_ARGUMENT, details);
}

/** In-band errors of `BatchAppend`. */
export const batchStatus = {
  /**
   * Current revision as the client reads it (`current_no_stream` when the stream has no
   * event), and the expected revision in the oneof matching what was asked.
   */
  wrongExpectedVersion(currentVersion: bigint, expected: bigint): status.Status {
    const detail = new shared.WrongExpectedVersion();
    if (currentVersion < 0n) detail.setCurrentNoStream(new GoogleEmpty());
    else detail.setCurrentStreamRevision(currentVersion.toString());
    if (expected === -2n) detail.setExpectedAny(new GoogleEmpty());
    else if (expected === -1n) detail.setExpectedNoStream(new GoogleEmpty());
    else if (expected === -4n) detail.setExpectedStreamExists(new GoogleEmpty());
    else detail.setExpectedStreamPosition(expected.toString());
    return packed(code.Code.ALREADY_EXISTS, 'WrongExpectedVersion', detail, 'event_store.client.WrongExpectedVersion');
  },
  streamDeleted(streamName: string): status.Status {
    const detail = new shared.StreamDeleted().setStreamIdentifier(streamIdentifier(streamName));
    return packed(code.Code.NOT_FOUND, 'StreamDeleted', detail, 'event_store.client.StreamDeleted');
  },
  maximumAppendSizeExceeded(maxAppendSize: number): status.Status {
    const detail = new shared.MaximumAppendSizeExceeded().setMaxappendsize(maxAppendSize);
    return packed(
      code.Code.INVALID_ARGUMENT,
      'MaximumAppendSizeExceeded',
      detail,
      'event_store.client.MaximumAppendSizeExceeded',
    );
  },
  accessDenied(): status.Status {
    return packed(code.Code.PERMISSION_DENIED, 'AccessDenied', new shared.AccessDenied(), 'event_store.client.AccessDenied');
  },
  /**
   * The append missed its deadline or the server's write timeout (`Status.Timeout`:
   * DEADLINE_EXCEEDED with a `Timeout` detail; the client's `DeadlineExceededError`).
   */
  timeout(): status.Status {
    return packed(code.Code.DEADLINE_EXCEEDED, 'Timeout', new shared.Timeout(), 'event_store.client.Timeout');
  },
  badRequest(message: string): status.Status {
    const detail = new shared.BadRequest().setMessage(message);
    return packed(code.Code.INVALID_ARGUMENT, 'BadRequest', detail, 'event_store.client.BadRequest');
  },
};

/** `Any.pack` names the type `type.googleapis.com/<typeName>`, which is what the client unpacks. */
function packed(
  statusCode: code.Code,
  message: string,
  detail: { serializeBinary(): Uint8Array },
  typeName: string,
): status.Status {
  const any = new Any();
  any.pack(detail.serializeBinary(), typeName);
  return new status.Status().setCode(statusCode).setMessage(message).setDetails(any);
}

/** Thrown while parsing a request the server would refuse; the handler answers with `error`. */
export class RejectedRequest extends Error {
  constructor(readonly error: RpcError) {
    super(error.details);
  }
}
