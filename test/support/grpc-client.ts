import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import { basic } from './http';
import { ADMIN_TOKEN, AUDITOR_TOKEN, type TestLedger } from './ledger-harness';

/**
 * A gRPC client of a test ledger, built the way any client would build one: from the
 * repository's `proto/` files with `@grpc/proto-loader` and `@grpc/grpc-js`. It keeps the
 * proto field names (snake_case), so token answers read exactly like the HTTP JSON bodies.
 */
export const PROTO_ROOT = path.resolve(__dirname, '..', '..', 'proto');

const PROTO_FILES = [
  'tokenledger/v1/token_service.proto',
  'tokenledger/v1/audit_service.proto',
  'tokenledger/v1/ops_service.proto',
  'tokenledger/v1/revocation_feed.proto',
];

/** The client side's message mapping: proto names, numbers for 64-bit fields, no defaults. */
export const CLIENT_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: false,
  arrays: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

type ServiceName = 'TokenService' | 'AuditService' | 'OpsService' | 'RevocationFeed';

let loaded: Record<ServiceName, grpc.ServiceClientConstructor> | undefined;

function constructors(): Record<ServiceName, grpc.ServiceClientConstructor> {
  if (!loaded) {
    const definition = protoLoader.loadSync(PROTO_FILES, CLIENT_LOADER_OPTIONS);
    const pkg = grpc.loadPackageDefinition(definition) as unknown as { tokenledger: { v1: Record<ServiceName, grpc.ServiceClientConstructor> } };
    loaded = pkg.tokenledger.v1;
  }
  return loaded;
}

/** One client per service, on one channel each; `close()` them all. */
export interface LedgerGrpcClients {
  readonly token: grpc.Client;
  readonly audit: grpc.Client;
  readonly ops: grpc.Client;
  readonly feed: grpc.Client;
  close(): void;
}

/** Clients of the ledger's gRPC server (started with `grpc: true`). */
export function grpcClients(ledger: TestLedger, options: grpc.ClientOptions = {}): LedgerGrpcClients {
  if (!ledger.grpcAddress) throw new Error('start the ledger with { grpc: true }');
  const address = ledger.grpcAddress;
  const credentials = grpc.credentials.createInsecure();
  const make = (name: ServiceName): grpc.Client => new (constructors()[name])(address, credentials, options);
  const clients = { token: make('TokenService'), audit: make('AuditService'), ops: make('OpsService'), feed: make('RevocationFeed') };
  return { ...clients, close: () => Object.values(clients).forEach((client) => client.close()) };
}

/** `google.rpc.ErrorInfo` as decoded from the status trailer. */
export interface DecodedErrorInfo {
  readonly reason: string;
  readonly domain: string;
  readonly metadata: Record<string, string>;
}

/** The outcome of a unary call: the answer, or the status with its decoded details. */
export type GrpcResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly code: grpc.status;
      readonly details: string;
      readonly errorInfo: DecodedErrorInfo | null;
      /** The `code` and `message` of the `google.rpc.Status` in the trailer, to check they match the call's. */
      readonly statusDetails: { readonly code: number; readonly message: string } | null;
    };

/** Calls a unary RPC and resolves with its outcome, never rejecting on an error status. */
export function unary<T = Record<string, any>>(
  client: grpc.Client,
  method: string,
  request: object,
  metadata: grpc.Metadata = new grpc.Metadata(),
  options: grpc.CallOptions = {},
): Promise<GrpcResult<T>> {
  const fn = (client as unknown as Record<string, Function>)[method];
  if (typeof fn !== 'function') throw new Error(`no RPC ${method}`);
  return new Promise((resolve) => {
    fn.call(client, request, metadata, { deadline: Date.now() + 20_000, ...options }, (error: grpc.ServiceError | null, value: T) => {
      resolve(error ? failure(error) : { ok: true, value });
    });
  });
}

/** Sends raw bytes as the request of `path` (e.g. `/tokenledger.v1.TokenService/RefreshTokens`). */
export function rawUnary(client: grpc.Client, methodPath: string, bytes: Buffer, metadata: grpc.Metadata = new grpc.Metadata()): Promise<GrpcResult<Buffer>> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      methodPath,
      (b: Buffer) => b,
      (b: Buffer) => b,
      bytes,
      metadata,
      { deadline: Date.now() + 20_000 },
      (error: grpc.ServiceError | null, value?: Buffer) => resolve(error ? failure(error) : { ok: true, value: value! }),
    );
  });
}

function failure(error: grpc.ServiceError): GrpcResult<never> {
  const decoded = decodeStatusDetails(error.metadata);
  return { ok: false, code: error.code, details: error.details, errorInfo: decoded?.errorInfo ?? null, statusDetails: decoded?.status ?? null };
}

let rpcTypes: { status: protobuf.Type; errorInfo: protobuf.Type } | undefined;

/** Decodes `grpc-status-details-bin` (a `google.rpc.Status` with `Any` details) with the repository's `proto/google/rpc`. */
export function decodeStatusDetails(
  metadata: grpc.Metadata | undefined,
): { status: { code: number; message: string }; errorInfo: DecodedErrorInfo | null } | null {
  const [bytes] = metadata?.get('grpc-status-details-bin') ?? [];
  if (!Buffer.isBuffer(bytes)) return null;
  rpcTypes ??= (() => {
    const root = protobuf.loadSync([path.join(PROTO_ROOT, 'google/rpc/status.proto'), path.join(PROTO_ROOT, 'google/rpc/error_details.proto')]);
    return { status: root.lookupType('google.rpc.Status'), errorInfo: root.lookupType('google.rpc.ErrorInfo') };
  })();
  const status = rpcTypes.status.toObject(rpcTypes.status.decode(bytes), { defaults: true }) as {
    code: number;
    message: string;
    details: { type_url: string; value: Uint8Array }[];
  };
  const info = status.details.find((d) => d.type_url === 'type.googleapis.com/google.rpc.ErrorInfo');
  const errorInfo = info ? (rpcTypes.errorInfo.toObject(rpcTypes.errorInfo.decode(info.value), { defaults: true }) as DecodedErrorInfo) : null;
  return { status: { code: status.code, message: status.message }, errorInfo };
}

/** Metadata from plain pairs. */
export function metadataOf(pairs: Record<string, string> = {}): grpc.Metadata {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(pairs)) metadata.set(key, value);
  return metadata;
}

/** `authorization: Basic …` for a client (client_secret_basic), as on HTTP. */
export function basicMetadata(client: { id: string; secret: string }): grpc.Metadata {
  return metadataOf({ authorization: basic(client.id, client.secret) });
}

/** The admin credential. */
export function adminMetadata(): grpc.Metadata {
  return metadataOf({ authorization: `Bearer ${ADMIN_TOKEN}` });
}

/** The auditor credential. */
export function auditorMetadata(): grpc.Metadata {
  return metadataOf({ authorization: `Bearer ${AUDITOR_TOKEN}` });
}

/** A message of a server stream and when it arrived (`performance.now()`). */
export interface Arrival<T> {
  readonly message: T;
  readonly at: number;
}

/**
 * Reads a server stream into a queue as messages arrive, stamping each with `performance.now()`,
 * so a test waits for the next message with a timeout instead of sleeping, and measures when it
 * arrived even if it arrived before the test started waiting.
 */
export class StreamReader<T> {
  private readonly queue: Arrival<T>[] = [];
  private waiter: { resolve: (arrival: Arrival<T>) => void; reject: (error: Error) => void } | null = null;
  private ended: Error | null = null;
  /** The call's final status, once it ends (`CANCELLED` after {@link cancel}). */
  readonly status: Promise<grpc.StatusObject>;

  constructor(private readonly call: grpc.ClientReadableStream<T>) {
    this.status = new Promise((resolve) => call.on('status', resolve));
    call.on('data', (message: T) => this.push({ message, at: performance.now() }));
    call.on('error', (error: grpc.ServiceError) => this.end(Object.assign(new Error(`stream failed: ${error.code} ${error.details}`), { code: error.code })));
    call.on('end', () => this.end(new Error('stream ended')));
  }

  /** The next message, waiting at most `timeoutMs`. */
  next(timeoutMs: number): Promise<Arrival<T>> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error(`no stream message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        resolve: (arrival) => {
          clearTimeout(timer);
          resolve(arrival);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  /** The next message that `accept` takes, skipping the others (e.g. heartbeats), within `timeoutMs` overall. */
  async nextMatching(accept: (message: T) => boolean, timeoutMs: number): Promise<Arrival<T>> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const arrival = await this.next(Math.max(1, deadline - performance.now()));
      if (accept(arrival.message)) return arrival;
    }
  }

  /** Messages already received and not read yet. */
  pending(): readonly Arrival<T>[] {
    return [...this.queue];
  }

  cancel(): void {
    this.call.cancel();
  }

  private push(arrival: Arrival<T>): void {
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter.resolve(arrival);
    } else {
      this.queue.push(arrival);
    }
  }

  private end(error: Error): void {
    this.ended ??= error;
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter.reject(error);
    }
  }
}

/** Opens a server-streaming call and reads it with a {@link StreamReader}. */
export function openStream<T = Record<string, any>>(client: grpc.Client, method: string, request: object, metadata: grpc.Metadata): StreamReader<T> {
  const fn = (client as unknown as Record<string, Function>)[method];
  if (typeof fn !== 'function') throw new Error(`no RPC ${method}`);
  return new StreamReader<T>(fn.call(client, request, metadata) as grpc.ClientReadableStream<T>);
}

const camel = (key: string) => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * An answer with what proto3 cannot carry taken out, so HTTP's JSON and gRPC's message compare:
 * keys in camelCase, `null`, `false`, `0`, `""` and `[]` dropped (proto3's defaults, which it
 * does not send), objects left empty dropped, `oneof` bookkeeping (`_field`) dropped, and
 * HTTP-only members (`_links`) dropped.
 */
export function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(comparable);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([key]) => !key.startsWith('_'))
      .map(([key, v]) => [camel(key), comparable(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value === null || value === false || value === 0 || value === '' ? undefined : value;
}
