import { Controller, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { GrpcCall, requestFields } from '../../grpc/grpc-call';
import { GrpcCredentials } from '../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../grpc/grpc-exception.filter';
import { ApiValidationError } from '../../management-errors/management-errors';
import { VerifyChainQuery } from './verify-chain.query';
import type { ChainVerificationJson } from '@ledger/audit';

/**
 * `AuditService.VerifyChain`: recomputes the hash chain of one stream or of the whole log, the
 * same query as `POST /api/v1/audit/verify`. Auditor credential only.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class VerifyChainGrpcController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('AuditService', 'VerifyChain')
  async verifyChain(request: unknown, metadata: Metadata, call: ServerUnaryCall<unknown, unknown>): Promise<ChainVerificationJson> {
    await this.credentials.authenticate(GrpcCall.of(metadata, call), ['auditor']);
    const { stream } = requestFields<{ stream: string }>(request);
    if (stream !== undefined && stream.length > 512) throw new ApiValidationError('stream', 'must be one stream name');
    return this.queryBus.execute(new VerifyChainQuery(stream));
  }
}
