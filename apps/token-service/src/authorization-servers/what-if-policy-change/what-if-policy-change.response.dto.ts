import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { REFRESH_EFFECT_KINDS, type RefreshEffectKind } from '@ledger/domain';
import { POLICY_CHANGES, type PolicyChange } from './what-if-policy-change.request.dto';

// The answer of `POST .../{as}/policies/what-if`, as classes so the OpenAPI document describes it.

const KIND_DESCRIPTION =
  '`unchanged`: same rule, same access-token lifetime; `accessTokenLifetimeChanged`: same rule, another lifetime; ' +
  '`movesToAnotherRule`: another rule or policy would match; `stopsMatching`: no rule would match, the next refresh ' +
  'would be refused (`access_denied`, reason `no_matching_rule`); `startsMatching`: no rule matches now, one would; `stillUnmatched`: none before nor after.';

/** A rule a family's next refresh matches, with its `actions.token`. */
export class WhatIfRuleDto {
  @ApiProperty() policyId!: string;
  @ApiProperty() policyName!: string;
  @ApiProperty() ruleId!: string;
  @ApiProperty() ruleName!: string;
  @ApiProperty({ type: 'integer', description: 'The lifetime of the access token the next refresh would mint.' })
  accessTokenLifetimeMinutes!: number;
  @ApiProperty({ type: 'integer', description: 'The rule’s value (0 = unlimited). An existing family keeps the one fixed at its issuance: this applies to families issued later.' })
  refreshTokenLifetimeMinutes!: number;
  @ApiProperty({ type: 'integer', description: 'The rule’s idle window. An existing family keeps the one fixed at its issuance: this applies to families issued later.' })
  refreshTokenWindowMinutes!: number;
}

/** `WhatIfRuleDto` or `null` (no rule matches), as OpenAPI 3.1 spells it. */
const RULE_OR_NULL = { oneOf: [{ $ref: getSchemaPath(WhatIfRuleDto) }, { type: 'null' }] };

/** Families per kind of effect. */
export class WhatIfEffectCountsDto implements Record<RefreshEffectKind, number> {
  @ApiProperty({ type: 'integer' }) unchanged!: number;
  @ApiProperty({ type: 'integer' }) accessTokenLifetimeChanged!: number;
  @ApiProperty({ type: 'integer' }) movesToAnotherRule!: number;
  @ApiProperty({ type: 'integer' }) stopsMatching!: number;
  @ApiProperty({ type: 'integer' }) startsMatching!: number;
  @ApiProperty({ type: 'integer' }) stillUnmatched!: number;
}

/** The families that would go from one rule (or none) to another (or none). */
export class WhatIfTransitionDto {
  @ApiProperty({ enum: REFRESH_EFFECT_KINDS, description: KIND_DESCRIPTION }) kind!: RefreshEffectKind;
  @ApiProperty({ ...RULE_OR_NULL, description: 'The rule matched now; `null`: none.' }) before!: WhatIfRuleDto | null;
  @ApiProperty({ ...RULE_OR_NULL, description: 'The rule matched with the draft; `null`: none.' }) after!: WhatIfRuleDto | null;
  @ApiProperty({ type: 'integer' }) families!: number;
}

/** One client's families by kind of effect. */
export class WhatIfClientDto {
  @ApiProperty() clientId!: string;
  @ApiProperty({ type: 'integer', description: 'Its live families examined.' }) families!: number;
  @ApiProperty({ type: 'integer', description: 'Those whose next refresh would change (every kind but `unchanged` and `stillUnmatched`).' })
  affected!: number;
  @ApiProperty({ type: () => WhatIfEffectCountsDto }) counts!: WhatIfEffectCountsDto;
}

/** One family, as an example of its kind of effect. */
export class WhatIfExampleDto {
  @ApiProperty({ enum: REFRESH_EFFECT_KINDS }) kind!: RefreshEffectKind;
  @ApiProperty() familyId!: string;
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'As the ops families listing shows it (`[erased]` once the subject was erased).' }) subject!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ ...RULE_OR_NULL }) before!: WhatIfRuleDto | null;
  @ApiProperty({ ...RULE_OR_NULL }) after!: WhatIfRuleDto | null;
}

/** The change evaluated, echoed. */
export class WhatIfChangeDto {
  @ApiProperty({ enum: POLICY_CHANGES }) change!: PolicyChange;
  @ApiPropertyOptional({ description: 'The policy changed (for `createPolicy`, the id it would get).' }) policyId?: string;
  @ApiPropertyOptional({ description: 'The rule changed (for `createRule`, the id it would get).' }) ruleId?: string;
}

/** What the draft would do to the live families of one authorization server at their next refresh. */
export class PolicyWhatIfResponseDto {
  @ApiProperty() authorizationServerId!: string;
  @ApiProperty({ type: () => WhatIfChangeDto }) draft!: WhatIfChangeDto;
  @ApiProperty({ type: 'integer', description: 'The configuration version (server stream revision) evaluated as "now".' }) configVersion!: number;
  @ApiProperty({ type: 'integer', description: 'The version saving the draft would reach; equal when the draft changes nothing.' }) draftConfigVersion!: number;
  @ApiProperty({ format: 'date-time', description: 'The instant families were judged live at.' }) evaluatedAt!: string;
  @ApiProperty({ type: 'integer', description: 'Families of this server whose refresh token can still be exchanged (from the token_families read model).' })
  familiesExamined!: number;
  @ApiProperty({ type: () => WhatIfEffectCountsDto }) counts!: WhatIfEffectCountsDto;
  @ApiProperty({ type: () => [WhatIfTransitionDto], description: 'Every distinct (kind, rule before, rule after), most families first.' })
  transitions!: WhatIfTransitionDto[];
  @ApiProperty({ type: () => [WhatIfClientDto], description: 'Every client with a live family, by client id.' }) clients!: WhatIfClientDto[];
  @ApiProperty({ type: 'integer', description: 'Examples kept per kind (the first families issued).' }) maxExamplesPerKind!: number;
  @ApiProperty({ type: () => [WhatIfExampleDto] }) examples!: WhatIfExampleDto[];
}
