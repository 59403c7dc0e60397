import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { Transport, type GrpcOptions } from '@nestjs/microservices';
import type { Server } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import type { LedgerConfig } from '@ledger/config';
import { GRPC_PACKAGE, loadGrpcContract } from './grpc-contract';
import { GrpcServerLifecycle } from './grpc-server-lifecycle';

/**
 * The largest request message accepted, in bytes: every request of the contract is a few
 * hundred bytes (a refresh token, a client assertion of a few KiB at most), so anything near
 * this is abuse. Larger messages are refused by grpc-js with RESOURCE_EXHAUSTED before decoding.
 */
export const GRPC_MAX_RECEIVE_BYTES = 64 * 1024;

/**
 * A gRPC connection with no call in progress for this long is closed with a GOAWAY (grpc-js's
 * `grpc.max_connection_idle_ms`; unlimited by default): 5 minutes, like the HTTP keep-alive
 * limit a bound on connections that do nothing, but long enough that a client calling now and
 * then keeps its connection. A client's channel reconnects on its next call; an open stream
 * (`RevocationFeed.Watch`) is a call in progress and keeps its connection.
 */
export const GRPC_MAX_CONNECTION_IDLE_MS = 5 * 60_000;

/**
 * Connects the gRPC transport to the HTTP application: one process, two transports, the same
 * controllers' commands and queries. Serves the Token Ledger services of `proto/` on
 * `GRPC_HOST:GRPC_PORT`, plus the standard health service and server reflection (v1 and
 * v1alpha) so `grpcurl` and `grpc_health_probe` work without the proto files.
 *
 * Call before `app.listen()`, then `app.startAllMicroservices()` after it, so the server takes
 * calls only once the application has started.
 */
export function connectGrpc(app: INestApplication, config: LedgerConfig): INestMicroservice {
  const contract = loadGrpcContract();
  const lifecycle = app.get(GrpcServerLifecycle);
  // Reflection also describes the health service, so tools list every service the port serves.
  const described = { ...contract.described, ...protoLoader.loadSync(healthProtoPath) };
  const host = config.grpcHost.includes(':') ? `[${config.grpcHost}]` : config.grpcHost;
  return app.connectMicroservice<GrpcOptions>({
    transport: Transport.GRPC,
    options: {
      url: `${host}:${config.grpcPort}`,
      package: GRPC_PACKAGE,
      packageDefinition: contract.served,
      maxReceiveMessageLength: GRPC_MAX_RECEIVE_BYTES,
      channelOptions: { 'grpc.max_connection_idle_ms': GRPC_MAX_CONNECTION_IDLE_MS },
      // Called with the bound grpc-js server before Nest adds the Token Ledger services.
      onLoadPackageDefinition: (_definition: unknown, server: Server) => {
        lifecycle.attach(server);
        new ReflectionService(described).addToServer(server);
      },
    },
  });
}
