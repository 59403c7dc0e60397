import { Controller, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { GrpcCall, requestFields } from '../../../grpc/grpc-call';
import { GrpcCredentials } from '../../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../../grpc/grpc-exception.filter';
import { treeSizeParameter } from '../tree-size.parameter';
import { SealConsistencyQuery, type SealConsistencyResponse } from './seal-consistency.query';

/** `AuditService.GetSealConsistency`: the query of `GET /api/v1/audit/seals/consistency`. Auditor credential only. */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class SealConsistencyGrpcController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('AuditService', 'GetSealConsistency')
  async getSealConsistency(request: unknown, metadata: Metadata, call: ServerUnaryCall<unknown, unknown>): Promise<SealConsistencyResponse> {
    await this.credentials.authenticate(GrpcCall.of(metadata, call), ['auditor']);
    const { from, to } = requestFields<{ from: number; to: number }>(request);
    // proto3 sends 0 as "unset": the same refusal as HTTP's missing parameter.
    return this.queryBus.execute(new SealConsistencyQuery(treeSizeParameter('from', String(from ?? 0), 1), treeSizeParameter('to', String(to ?? 0), 1)));
  }
}
