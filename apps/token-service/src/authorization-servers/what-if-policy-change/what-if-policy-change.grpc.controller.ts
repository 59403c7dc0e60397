import { Controller, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { GrpcCall, requestFields, requireAuthorizationServerId } from '../../grpc/grpc-call';
import { GrpcCredentials } from '../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../grpc/grpc-exception.filter';
import { InvalidRequestError } from '../../oauth-errors/oauth-errors';
import { whatIfQueryOf } from './what-if-policy-change.parse';
import type { WhatIfPolicyChangeQuery } from './what-if-policy-change.query';
import type { PolicyWhatIfResponseDto } from './what-if-policy-change.response.dto';

/** `tokenledger.v1.WhatIfPolicyChangeRequest`. */
interface WhatIfPolicyChangeRequest {
  readonly authorizationServerId: string;
  readonly change: string;
  readonly policyId: string;
  readonly ruleId: string;
  readonly policyJson: string;
  readonly ruleJson: string;
  readonly maxExamples: number;
}

/** The proto field of each member of the HTTP body, so a refusal names what the caller sent. */
const PROTO_FIELD_OF: Readonly<Record<string, string>> = {
  change: 'change',
  policyId: 'policy_id',
  ruleId: 'rule_id',
  policy: 'policy_json',
  rule: 'rule_json',
  maxExamples: 'max_examples',
};

/**
 * `OpsService.WhatIfPolicyChange`: what an unsaved policy or rule change would do to the live
 * families at their next refresh. The message is turned into the HTTP body of
 * `POST /api/v1/authorizationServers/{as}/policies/what-if` (the policy and rule arrive as the
 * JSON text that body holds), validated by the same function and answered by the same query.
 * Admin credential only; appends nothing.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class WhatIfPolicyChangeGrpcController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('OpsService', 'WhatIfPolicyChange')
  async whatIfPolicyChange(request: unknown, metadata: Metadata, call: ServerUnaryCall<unknown, unknown>): Promise<PolicyWhatIfResponseDto> {
    await this.credentials.authenticate(GrpcCall.of(metadata, call), ['admin']);
    const fields = requestFields<WhatIfPolicyChangeRequest>(request);
    const as = requireAuthorizationServerId(fields.authorizationServerId);
    // `max_examples` is a proto3 `optional`: 0 (no examples) is sent, and differs from unset
    // (the default), which `requestFields` would not tell apart.
    const maxExamples = (request as Partial<WhatIfPolicyChangeRequest>).maxExamples;
    const body = {
      change: fields.change,
      policyId: fields.policyId,
      ruleId: fields.ruleId,
      policy: jsonField(fields.policyJson, 'policy_json'),
      rule: jsonField(fields.ruleJson, 'rule_json'),
      maxExamples,
    };
    return this.queryBus.execute(withProtoFieldNames(() => whatIfQueryOf(as, body)));
  }
}

/** The resource in a JSON text field; `undefined` when empty (proto3's "not given"). */
function jsonField(text: string | undefined, field: string): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidRequestError(`The '${field}' field is not JSON.`, 'invalid_parameter', field);
  }
}

/**
 * Runs the HTTP body's validation, renaming a refused member of the body after its proto
 * field (`policyId` is `policy_id` here). A member of the policy or rule itself keeps its
 * name: it is a member of the JSON the caller sent, named as the HTTP answer names it.
 */
function withProtoFieldNames(parse: () => WhatIfPolicyChangeQuery): WhatIfPolicyChangeQuery {
  try {
    return parse();
  } catch (error) {
    const field = error instanceof InvalidRequestError && error.reason === 'invalid_parameter' && error.detail ? PROTO_FIELD_OF[error.detail] : undefined;
    if (!field || !(error instanceof InvalidRequestError)) throw error;
    throw new InvalidRequestError(error.errorDescription.replace(`'${error.detail}' parameter`, `'${field}' field`), 'invalid_parameter', field);
  }
}
