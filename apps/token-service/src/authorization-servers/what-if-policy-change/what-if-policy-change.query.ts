import { Query } from '@nestjs/cqrs';
import type { CreatePolicyRuleRequestDto } from '../create-policy-rule/create-policy-rule.request.dto';
import type { CreatePolicyRequestDto } from '../create-policy/create-policy.request.dto';
import type { UpdatePolicyRuleRequestDto } from '../update-policy-rule/update-policy-rule.request.dto';
import type { UpdatePolicyRequestDto } from '../update-policy/update-policy.request.dto';
import type { PolicyWhatIfResponseDto } from './what-if-policy-change.response.dto';

/** The draft, validated by the DTOs of the routes that would save it. */
export type PolicyDraft =
  | { readonly change: 'createPolicy'; readonly policy: CreatePolicyRequestDto }
  | { readonly change: 'updatePolicy'; readonly policyId: string; readonly policy: UpdatePolicyRequestDto }
  | { readonly change: 'activatePolicy' | 'deactivatePolicy' | 'deletePolicy'; readonly policyId: string }
  | { readonly change: 'createRule'; readonly policyId: string; readonly rule: CreatePolicyRuleRequestDto }
  | { readonly change: 'updateRule'; readonly policyId: string; readonly ruleId: string; readonly rule: UpdatePolicyRuleRequestDto }
  | { readonly change: 'activateRule' | 'deactivateRule' | 'deleteRule'; readonly policyId: string; readonly ruleId: string };

/**
 * Which live token families, and which clients, an unsaved policy or rule change would affect
 * at their next refresh, and how. Appends nothing.
 */
export class WhatIfPolicyChangeQuery extends Query<PolicyWhatIfResponseDto> {
  constructor(
    readonly authorizationServerId: string,
    readonly draft: PolicyDraft,
    readonly maxExamplesPerKind: number,
  ) {
    super();
  }
}
