import { CreatePolicyRuleRequestDto } from '../create-policy-rule/create-policy-rule.request.dto';

/**
 * Body of `PUT .../policies/{policyId}/rules/{ruleId}`: the whole rule, as on create (Okta's
 * PUT replaces). `id`, when present, must be the one in the path; `status` is ignored, because
 * only the lifecycle operations change it.
 */
export class UpdatePolicyRuleRequestDto extends CreatePolicyRuleRequestDto {}
