import { parseBody } from '../../shared/form';
import { CreatePolicyRuleRequestDto } from '../create-policy-rule/create-policy-rule.request.dto';
import { CreatePolicyRequestDto } from '../create-policy/create-policy.request.dto';
import { UpdatePolicyRuleRequestDto } from '../update-policy-rule/update-policy-rule.request.dto';
import { UpdatePolicyRequestDto } from '../update-policy/update-policy.request.dto';
import { WhatIfPolicyChangeQuery, type PolicyDraft } from './what-if-policy-change.query';
import { DEFAULT_EXAMPLES_PER_KIND, WhatIfPolicyChangeRequestDto } from './what-if-policy-change.request.dto';

/**
 * The query of a what-if body (`change`, ids, `policy`/`rule`, `maxExamples`), validated by
 * {@link WhatIfPolicyChangeRequestDto} and then the resource by the DTO of the route that would
 * save it. HTTP and gRPC both build their query here, so a draft is refused the same way on
 * both.
 */
export function whatIfQueryOf(authorizationServerId: string, body: unknown): WhatIfPolicyChangeQuery {
  const dto = parseBody(WhatIfPolicyChangeRequestDto, body);
  return new WhatIfPolicyChangeQuery(authorizationServerId, draftOf(dto), dto.maxExamples ?? DEFAULT_EXAMPLES_PER_KIND);
}

/** The draft with its resource validated by the DTO of the route that would save it. */
function draftOf(dto: WhatIfPolicyChangeRequestDto): PolicyDraft {
  // The request DTO required each id and resource its change needs.
  const policyId = dto.policyId as string;
  const ruleId = dto.ruleId as string;
  switch (dto.change) {
    case 'createPolicy':
      return { change: dto.change, policy: parseBody(CreatePolicyRequestDto, dto.policy) };
    case 'updatePolicy':
      return { change: dto.change, policyId, policy: parseBody(UpdatePolicyRequestDto, dto.policy) };
    case 'activatePolicy':
    case 'deactivatePolicy':
    case 'deletePolicy':
      return { change: dto.change, policyId };
    case 'createRule':
      return { change: dto.change, policyId, rule: parseBody(CreatePolicyRuleRequestDto, dto.rule) };
    case 'updateRule':
      return { change: dto.change, policyId, ruleId, rule: parseBody(UpdatePolicyRuleRequestDto, dto.rule) };
    case 'activateRule':
    case 'deactivateRule':
    case 'deleteRule':
      return { change: dto.change, policyId, ruleId };
  }
}
