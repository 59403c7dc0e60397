import * as protoLoader from '@grpc/proto-loader';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The package every Token Ledger service lives in. */
export const GRPC_PACKAGE = 'tokenledger.v1';

/** The services of {@link GRPC_PACKAGE}, fully qualified (health and reflection name them). */
export const GRPC_SERVICES = [
  'tokenledger.v1.TokenService',
  'tokenledger.v1.AuditService',
  'tokenledger.v1.OpsService',
  'tokenledger.v1.RevocationFeed',
] as const;

/**
 * The repository's `proto/` directory, found from this file whether it runs from source
 * (`apps/token-service/src/grpc`) or from the build (`dist/apps/token-service/src/grpc`), as the
 * bootstrap file is. The contract is read at start, never compiled in, so what the server
 * speaks is exactly what clients are given.
 */
export const PROTO_ROOT =
  [4, 5].map((up) => path.resolve(__dirname, ...Array<string>(up).fill('..'), 'proto')).find((dir) => fs.existsSync(path.join(dir, 'tokenledger'))) ??
  path.resolve('proto');

/** The contract's files, relative to {@link PROTO_ROOT}; `google/rpc` is there for the error details. */
export const PROTO_FILES = [
  'tokenledger/v1/token_service.proto',
  'tokenledger/v1/audit_service.proto',
  'tokenledger/v1/ops_service.proto',
  'tokenledger/v1/revocation_feed.proto',
  'google/rpc/status.proto',
  'google/rpc/error_details.proto',
];

/**
 * How messages map to JavaScript objects on the server: camelCase fields (so the audit and ops
 * answers, camelCase already, map field for field), 64-bit integers as numbers (epoch seconds
 * and counters, all far below 2^53), no default values (an empty string reads as absent, as
 * proto3 cannot tell the two apart), `oneof` names set.
 */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: false,
  arrays: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

/** Marks a request whose bytes did not decode; see {@link isUndecodable}. */
const UNDECODABLE = Symbol.for('tokenledger.grpc.undecodableRequest');

/** Whether a request is the marker of {@link tolerantDeserializer}. */
export function isUndecodable(request: unknown): boolean {
  return typeof request === 'object' && request !== null && UNDECODABLE in request;
}

/** The loaded contract: what the server serves, and what reflection describes. */
export interface GrpcContract {
  /** Services with tolerant request decoders: give this to the gRPC server. */
  readonly served: protoLoader.PackageDefinition;
  /** As loaded, with the file descriptors reflection answers from. */
  readonly described: protoLoader.PackageDefinition;
}

/**
 * Loads the contract. Request decoders are wrapped so bytes that do not decode become a marker
 * instead of an exception: grpc-js answers a failed decode with INTERNAL ("Error deserializing
 * request"), but a malformed request is the caller's error, so the handler answers it with
 * INVALID_ARGUMENT like any other bad input.
 */
export function loadGrpcContract(): GrpcContract {
  const described = protoLoader.loadSync(PROTO_FILES, LOADER_OPTIONS);
  const served: Record<string, protoLoader.AnyDefinition> = {};
  for (const [name, definition] of Object.entries(described)) {
    served[name] = isService(definition) ? withTolerantDecoders(definition) : definition;
  }
  return { served, described };
}

function isService(definition: protoLoader.AnyDefinition): definition is protoLoader.ServiceDefinition {
  return !('format' in definition);
}

function withTolerantDecoders(service: protoLoader.ServiceDefinition): protoLoader.ServiceDefinition {
  const wrapped: Record<string, protoLoader.MethodDefinition<object, object>> = {};
  for (const [method, definition] of Object.entries(service)) {
    wrapped[method] = { ...definition, requestDeserialize: tolerantDeserializer(definition.requestDeserialize) };
  }
  return wrapped;
}

function tolerantDeserializer(decode: (bytes: Buffer) => object): (bytes: Buffer) => object {
  return (bytes) => {
    try {
      return decode(bytes);
    } catch {
      return { [UNDECODABLE]: true };
    }
  };
}
