import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString } from 'class-validator';
import type { ConfigurationStatus, PolicyRuleInput } from '@ledger/domain';
import { CHOSEN_ID, GrantTypesCondition, PolicyRuleActions, ScopesCondition, STATUS } from '../shared/okta-resources.response';

/** `users` or `groups` as submitted: omitted lists are empty. */
class PeopleListInput {
  @ApiPropertyOptional({ type: [String], default: [] })
  include?: string[];

  @ApiPropertyOptional({ type: [String], default: [] })
  exclude?: string[];
}

class PeopleInput {
  @ApiPropertyOptional({ type: PeopleListInput, description: 'Subjects (`sub`).' })
  users?: PeopleListInput;

  @ApiPropertyOptional({ type: PeopleListInput, description: 'Group names; `include` may hold `EVERYONE`.' })
  groups?: PeopleListInput;
}

class PolicyRuleConditionsInput {
  @ApiProperty({ type: GrantTypesCondition })
  grantTypes!: GrantTypesCondition;

  @ApiProperty({ type: ScopesCondition })
  scopes!: ScopesCondition;

  @ApiPropertyOptional({ type: PeopleInput, description: 'Omitted: `groups.include: ["EVERYONE"]` (any user).' })
  people?: PeopleInput;
}

/**
 * Body of `POST .../policies/{policyId}/rules` (Okta's `RESOURCE_ACCESS` JSON). The structure
 * is checked here; `conditions` and `actions.token` (grant types, scopes, people, Okta's
 * lifetime ranges) are the decider's, which names the field it refuses.
 */
export class CreatePolicyRuleRequestDto {
  /** Optional: generated (`0pr...`) when absent. */
  @ApiPropertyOptional({ ...CHOSEN_ID, description: 'Generated (`0pr…`) when absent.', example: '0pr1a2b3c4d5e6f7g8h9' })
  @IsOptional()
  @IsString()
  id?: string;

  /** `RESOURCE_ACCESS`, the only type. */
  @ApiPropertyOptional({ enum: ['RESOURCE_ACCESS'] })
  @IsOptional()
  @IsString()
  type?: 'RESOURCE_ACCESS';

  @ApiProperty({ example: 'Refresh for a week' })
  @IsString()
  name!: string;

  /** 1 = evaluated first within the policy. */
  @ApiProperty({ type: 'integer', description: '1 = evaluated first within the policy.', example: 1 })
  @IsInt()
  priority!: number;

  /** `ACTIVE` (default) or `INACTIVE`; afterwards only the lifecycle operations change it. */
  @ApiPropertyOptional({ enum: STATUS, default: 'ACTIVE', description: 'Afterwards only the lifecycle operations change it (ignored on PUT).' })
  @IsOptional()
  @IsString()
  status?: ConfigurationStatus;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  system?: boolean;

  /** `grantTypes.include`, `scopes.include` (`*` = any), optional `people` (default `EVERYONE`). */
  @ApiProperty({ type: PolicyRuleConditionsInput })
  @IsObject()
  conditions!: PolicyRuleInput['conditions'];

  /** `token.accessTokenLifetimeMinutes`, `refreshTokenLifetimeMinutes`, `refreshTokenWindowMinutes`. */
  @ApiProperty({ type: PolicyRuleActions })
  @IsObject()
  actions!: PolicyRuleInput['actions'];
}
