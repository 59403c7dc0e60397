import { Controller, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import type { SealingPublicJwk } from '@ledger/token-crypto';
import { GrpcCall } from '../../../grpc/grpc-call';
import { GrpcCredentials } from '../../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../../grpc/grpc-exception.filter';
import { ListSealingKeysQuery } from './list-sealing-keys.query';

/** `AuditService.ListSealingKeys`: the query of `GET /api/v1/audit/sealing-keys`. Auditor credential only. */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class ListSealingKeysGrpcController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('AuditService', 'ListSealingKeys')
  async listSealingKeys(_request: unknown, metadata: Metadata, call: ServerUnaryCall<unknown, unknown>): Promise<{ keys: SealingPublicJwk[] }> {
    await this.credentials.authenticate(GrpcCall.of(metadata, call), ['auditor']);
    return this.queryBus.execute(new ListSealingKeysQuery());
  }
}
