import { Controller, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { GrpcCall, requestFields, requireAuthorizationServerId } from '../../grpc/grpc-call';
import { GrpcCredentials } from '../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../grpc/grpc-exception.filter';
import { parseBody, parseScope } from '../../shared/form';
import { ExplainPolicyQuery, type PolicyExplanation } from './explain-policy.query';
import { ExplainPolicyRequestDto } from './explain-policy.request.dto';

/** `tokenledger.v1.ExplainPolicyRequest`. */
interface ExplainPolicyRequest {
  readonly authorizationServerId: string;
  readonly clientId: string;
  readonly grantType: string;
  readonly scope: string;
  readonly sub: string;
  readonly groups: readonly string[];
}

/**
 * `OpsService.ExplainPolicy`: which policy, rule and lifetimes would govern a token request,
 * validated by the HTTP route's DTO and answered by the same query as
 * `GET /api/v1/authorizationServers/{as}/policies/explain`. Admin credential only.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class ExplainPolicyGrpcController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('OpsService', 'ExplainPolicy')
  async explainPolicy(request: unknown, metadata: Metadata, call: ServerUnaryCall<unknown, unknown>): Promise<PolicyExplanation> {
    await this.credentials.authenticate(GrpcCall.of(metadata, call), ['admin']);
    const fields = requestFields<ExplainPolicyRequest>(request);
    const as = requireAuthorizationServerId(fields.authorizationServerId);
    const dto = parseBody(ExplainPolicyRequestDto, {
      client_id: fields.clientId,
      grant_type: fields.grantType,
      scope: fields.scope,
      sub: fields.sub,
      groups: fields.groups,
    });
    return this.queryBus.execute(
      new ExplainPolicyQuery(as, dto.client_id, dto.grant_type ?? 'authorization_code', parseScope(dto.scope) ?? [], dto.sub, dto.groups ?? []),
    );
  }
}
