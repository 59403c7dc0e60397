import { Controller, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { GrpcCall, requestFields } from '../../../grpc/grpc-call';
import { GrpcCredentials } from '../../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../../grpc/grpc-exception.filter';
import { treeSizeParameter } from '../tree-size.parameter';
import { positionParameter } from './event-proof.http.controller';
import { EventProofQuery, type EventProofResponse } from './event-proof.query';

/** `AuditService.GetEventProof`: the query of `GET /api/v1/audit/events/{position}/proof`. Auditor credential only. */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class EventProofGrpcController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('AuditService', 'GetEventProof')
  async getEventProof(request: unknown, metadata: Metadata, call: ServerUnaryCall<unknown, unknown>): Promise<EventProofResponse> {
    await this.credentials.authenticate(GrpcCall.of(metadata, call), ['auditor']);
    const { position, treeSize } = requestFields<{ position: string; treeSize: number }>(request);
    return this.queryBus.execute(
      new EventProofQuery(positionParameter(position ?? ''), treeSize === undefined ? null : treeSizeParameter('treeSize', String(treeSize), 1)),
    );
  }
}
