import { Module } from '@nestjs/common';
import { AuditAuthModule } from '../audit-auth/audit-auth.module';
import { MetricsModule } from '../metrics/metrics.module';
import { GrpcCredentials } from './grpc-credentials';
import { GrpcServerLifecycle } from './grpc-server-lifecycle';

/**
 * gRPC transport infrastructure (`proto/tokenledger/v1`): the credential checks every gRPC
 * controller uses, and the server's health and shutdown. Each use case's gRPC controller lives
 * in its folder beside the HTTP one and is registered by its feature module, which imports this
 * one; the transport itself is attached by `connectGrpc` (see `connect-grpc.ts`).
 */
@Module({
  imports: [AuditAuthModule, MetricsModule],
  providers: [GrpcCredentials, GrpcServerLifecycle],
  exports: [GrpcCredentials, GrpcServerLifecycle, AuditAuthModule, MetricsModule],
})
export class GrpcModule {}
