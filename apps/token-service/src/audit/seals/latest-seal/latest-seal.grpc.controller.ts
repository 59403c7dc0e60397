import { Controller, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import type { SealResource } from '@ledger/audit';
import { GrpcCall } from '../../../grpc/grpc-call';
import { GrpcCredentials } from '../../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../../grpc/grpc-exception.filter';
import { LatestSealQuery } from './latest-seal.query';

/** `AuditService.GetLatestSeal`: the query of `GET /api/v1/audit/seals/latest`. Auditor credential only. */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class LatestSealGrpcController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('AuditService', 'GetLatestSeal')
  async getLatestSeal(_request: unknown, metadata: Metadata, call: ServerUnaryCall<unknown, unknown>): Promise<SealResource> {
    await this.credentials.authenticate(GrpcCall.of(metadata, call), ['auditor']);
    return this.queryBus.execute(new LatestSealQuery());
  }
}
