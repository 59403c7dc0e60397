import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { CreatePolicyRuleRequestDto } from '../create-policy-rule/create-policy-rule.request.dto';
import { CreatePolicyRequestDto } from '../create-policy/create-policy.request.dto';

/** The draft changes, one per management write on policies and rules. */
export const POLICY_CHANGES = [
  'createPolicy',
  'updatePolicy',
  'activatePolicy',
  'deactivatePolicy',
  'deletePolicy',
  'createRule',
  'updateRule',
  'activateRule',
  'deactivateRule',
  'deleteRule',
] as const;

export type PolicyChange = (typeof POLICY_CHANGES)[number];

/** Examples kept per kind of effect when the body does not say. */
export const DEFAULT_EXAMPLES_PER_KIND = 10;
/** The most examples per kind a caller may ask for. */
export const MAX_EXAMPLES_PER_KIND = 100;

const changesWith = (...changes: PolicyChange[]) => (body: { change?: unknown }) => changes.includes(body.change as PolicyChange);

/**
 * Body of `POST .../{as}/policies/what-if`: one unsaved change, named by `change`, with the ids
 * and the resource that change's management route takes. The resource (`policy` or `rule`) is
 * validated afterwards by that route's own DTO, and the whole change by the decider, so a draft
 * is refused exactly as saving it would be.
 *
 * | `change` | also | as the route |
 * |---|---|---|
 * | `createPolicy` | `policy` | `POST .../policies` |
 * | `updatePolicy` | `policyId`, `policy` | `PUT .../policies/{policyId}` |
 * | `activatePolicy` / `deactivatePolicy` / `deletePolicy` | `policyId` | `POST .../lifecycle/activate` … / `DELETE` |
 * | `createRule` | `policyId`, `rule` | `POST .../policies/{policyId}/rules` |
 * | `updateRule` | `policyId`, `ruleId`, `rule` | `PUT .../rules/{ruleId}` |
 * | `activateRule` / `deactivateRule` / `deleteRule` | `policyId`, `ruleId` | `POST .../lifecycle/activate` … / `DELETE` |
 */
export class WhatIfPolicyChangeRequestDto {
  @ApiProperty({ enum: POLICY_CHANGES, description: 'The unsaved change to evaluate.' })
  @IsIn(POLICY_CHANGES)
  change!: PolicyChange;

  @ApiPropertyOptional({ description: 'The policy changed, or the one a rule is created in or belongs to. Every change but `createPolicy`.' })
  @ValidateIf((body: { change?: unknown }) => body.change !== 'createPolicy')
  @IsString()
  @Length(1, 256)
  policyId?: string;

  @ApiPropertyOptional({ description: 'The rule changed: `updateRule`, `activateRule`, `deactivateRule`, `deleteRule`.' })
  @ValidateIf(changesWith('updateRule', 'activateRule', 'deactivateRule', 'deleteRule'))
  @IsString()
  @Length(1, 256)
  ruleId?: string;

  @ApiPropertyOptional({
    type: () => CreatePolicyRequestDto,
    description: 'The whole policy, as `POST .../policies` (`createPolicy`) or `PUT .../policies/{policyId}` (`updatePolicy`) take it.',
  })
  @ValidateIf(changesWith('createPolicy', 'updatePolicy'))
  @IsObject()
  policy?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: () => CreatePolicyRuleRequestDto,
    description: 'The whole rule, as `POST .../rules` (`createRule`) or `PUT .../rules/{ruleId}` (`updateRule`) take it.',
  })
  @ValidateIf(changesWith('createRule', 'updateRule'))
  @IsObject()
  rule?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_EXAMPLES_PER_KIND,
    default: DEFAULT_EXAMPLES_PER_KIND,
    description: 'Example families answered per kind of effect (the first ones issued).',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_EXAMPLES_PER_KIND)
  maxExamples?: number;
}
