import { Controller, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { GrpcCall, requestFields } from '../../grpc/grpc-call';
import { GrpcCredentials } from '../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../grpc/grpc-exception.filter';
import { ApiValidationError } from '../../management-errors/management-errors';
import { instantParameter } from '../shared/audit-time';
import type { FamilyStateReport } from '@ledger/audit';
import { FamilyStateQuery } from './family-state.query';

/**
 * `AuditService.GetFamilyStateAt`: "was this family's refresh token valid at T, and why", the
 * same query as `GET /api/v1/audit/families/{familyId}/state?at=`; the report's fields are the
 * message's, name for name. Auditor credential only.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class FamilyStateGrpcController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('AuditService', 'GetFamilyStateAt')
  async getFamilyStateAt(request: unknown, metadata: Metadata, call: ServerUnaryCall<unknown, unknown>): Promise<FamilyStateReport> {
    await this.credentials.authenticate(GrpcCall.of(metadata, call), ['auditor']);
    const { familyId, at } = requestFields<{ familyId: string; at: string }>(request);
    if (familyId === undefined) throw new ApiValidationError('family_id', 'is required');
    return this.queryBus.execute(new FamilyStateQuery(familyId, instantParameter(at)));
  }
}
