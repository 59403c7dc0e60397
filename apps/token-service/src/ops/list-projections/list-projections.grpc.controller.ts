import { Controller, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { GrpcCall, requestFields } from '../../grpc/grpc-call';
import { GrpcCredentials } from '../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../grpc/grpc-exception.filter';
import { ApiValidationError } from '../../management-errors/management-errors';
import { ListProjectionsQuery } from './list-projections.query';
import type { ProjectionResource } from '@ledger/audit';

/**
 * `OpsService.GetProjectionStatus`: every projection's (or one's) checkpoint, lag, state and
 * rebuild, the same query as `GET /api/v1/ops/projections[/{name}]`. Admin credential only.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class ListProjectionsGrpcController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('OpsService', 'GetProjectionStatus')
  async getProjectionStatus(request: unknown, metadata: Metadata, call: ServerUnaryCall<unknown, unknown>): Promise<{ projections: readonly ProjectionResource[] }> {
    await this.credentials.authenticate(GrpcCall.of(metadata, call), ['admin']);
    const { name, waitForHead } = requestFields<{ name: string; waitForHead: boolean }>(request);
    if (name !== undefined && name.length > 128) throw new ApiValidationError('name', 'must be a projection or read-model name');
    // An unknown name is NOT_FOUND from the query itself.
    return { projections: await this.queryBus.execute(new ListProjectionsQuery(name, waitForHead === true)) };
  }
}
