import { Controller, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { GrpcCall, requestFields } from '../../grpc/grpc-call';
import { GrpcCredentials } from '../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../grpc/grpc-exception.filter';
import { parseBody } from '../../shared/form';
import type { FamilyResource } from '../shared/family-resource';
import { ListFamiliesQuery } from './list-families.query';
import { DEFAULT_FAMILIES_PAGE, ListFamiliesRequestDto } from './list-families.request.dto';

/** `tokenledger.v1.ListFamiliesRequest`. */
interface ListFamiliesRequest {
  readonly subject: string;
  readonly clientId: string;
  readonly status: string;
  readonly limit: number;
  readonly after: string;
}

/**
 * `OpsService.ListFamilies`: families by subject, client and status from the read model,
 * validated by the HTTP route's DTO and answered by the same query as
 * `GET /api/v1/ops/families` (the cursor comes back as `next_after` instead of a `Link`
 * header). Admin credential only.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class ListFamiliesGrpcController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('OpsService', 'ListFamilies')
  async listFamilies(request: unknown, metadata: Metadata, call: ServerUnaryCall<unknown, unknown>): Promise<{ families: readonly FamilyResource[]; nextAfter?: string }> {
    await this.credentials.authenticate(GrpcCall.of(metadata, call), ['admin']);
    const fields = requestFields<ListFamiliesRequest>(request);
    const dto = parseBody(ListFamiliesRequestDto, {
      subject: fields.subject,
      client_id: fields.clientId,
      status: fields.status,
      limit: fields.limit,
      after: fields.after,
    });
    const filter = {
      ...(dto.subject !== undefined ? { subject: dto.subject } : {}),
      ...(dto.client_id !== undefined ? { clientId: dto.client_id } : {}),
      ...(dto.status !== undefined ? { status: dto.status } : {}),
    };
    const page = await this.queryBus.execute(new ListFamiliesQuery(filter, dto.limit ?? DEFAULT_FAMILIES_PAGE, dto.after));
    return { families: page.families, ...(page.nextAfter !== null ? { nextAfter: page.nextAfter } : {}) };
  }
}
