import * as path from 'node:path';
// protobufjs is what @grpc/proto-loader and @grpc/reflection encode with; it reads the same
// `proto/google/rpc` files clients are given, so the trailer is exactly what they decode.
import * as protobuf from 'protobufjs';
import { PROTO_ROOT } from './grpc-contract';

/** The error domain of every `ErrorInfo` Token Ledger sends. */
export const ERROR_DOMAIN = 'tokenledger';

/** The trailer carrying a serialized `google.rpc.Status` (the gRPC rich error model). */
export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

/** `Any.type_url` of an `ErrorInfo`. */
export const ERROR_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.ErrorInfo';

/** `google.rpc.ErrorInfo`: why a call failed, machine-readable. */
export interface ErrorInfo {
  /** The OAuth error code (`invalid_grant`, ...). */
  readonly reason: string;
  readonly domain: string;
  /** `reason`: the stable reason code (`scope_widening`, ...); `field` for a bad request field. */
  readonly metadata: Readonly<Record<string, string>>;
}

let types: { status: protobuf.Type; errorInfo: protobuf.Type } | undefined;

function rpcTypes(): { status: protobuf.Type; errorInfo: protobuf.Type } {
  if (!types) {
    const root = protobuf.loadSync([path.join(PROTO_ROOT, 'google/rpc/status.proto'), path.join(PROTO_ROOT, 'google/rpc/error_details.proto')]);
    types = { status: root.lookupType('google.rpc.Status'), errorInfo: root.lookupType('google.rpc.ErrorInfo') };
  }
  return types;
}

/**
 * Encodes the `grpc-status-details-bin` trailer: a `google.rpc.Status` with the call's code and
 * message and one `Any` holding the `ErrorInfo`.
 *
 * @see https://google.aip.dev/193
 */
export function encodeStatusDetails(code: number, message: string, info: ErrorInfo): Buffer {
  const { status, errorInfo } = rpcTypes();
  const value = errorInfo.encode(errorInfo.fromObject({ reason: info.reason, domain: info.domain, metadata: { ...info.metadata } })).finish();
  const encoded = status.encode(status.fromObject({ code, message, details: [{ type_url: ERROR_INFO_TYPE_URL, value }] })).finish();
  return Buffer.from(encoded);
}
