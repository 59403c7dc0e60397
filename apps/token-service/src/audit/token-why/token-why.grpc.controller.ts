import { Controller, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { GrpcCall, requestFields } from '../../grpc/grpc-call';
import { GrpcCredentials } from '../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../grpc/grpc-exception.filter';
import { ApiValidationError } from '../../management-errors/management-errors';
import { parseBody } from '../../shared/form';
import { TokenWhyQuery } from './token-why.query';
import { TokenWhyRequestDto } from './token-why.request.dto';
import type { TokenWhyResponse } from './token-why.response';

/**
 * `AuditService.ExplainToken`: why a token (or token id) is, or is not, active now, validated
 * by the HTTP route's DTO and answered by the same query as `POST /api/v1/audit/tokens/why`.
 * The token is never echoed nor logged. Auditor credential only.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class TokenWhyGrpcController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('AuditService', 'ExplainToken')
  async explainToken(request: unknown, metadata: Metadata, call: ServerUnaryCall<unknown, unknown>): Promise<TokenWhyResponse> {
    await this.credentials.authenticate(GrpcCall.of(metadata, call), ['auditor']);
    const { token, tokenId } = requestFields<{ token: string; tokenId: string }>(request);
    const dto = parseBody(TokenWhyRequestDto, { token, token_id: tokenId });
    if ((dto.token === undefined) === (dto.token_id === undefined)) {
      throw new ApiValidationError('token', 'send exactly one of token and token_id');
    }
    return this.queryBus.execute(new TokenWhyQuery(dto.token, dto.token_id));
  }
}
