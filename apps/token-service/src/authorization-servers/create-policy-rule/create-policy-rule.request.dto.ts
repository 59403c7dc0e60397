import { IsBoolean, IsInt, IsObject, IsOptional, IsString } from 'class-validator';
import type { ConfigurationStatus, PolicyRuleInput } from '@ledger/domain';

/**
 * Body of `POST .../policies/{policyId}/rules` (Okta's `RESOURCE_ACCESS` JSON). The structure
 * is checked here; `conditions` and `actions.token` (grant types, scopes, people, Okta's
 * lifetime ranges) are the decider's, which names the field it refuses.
 */
export class CreatePolicyRuleRequestDto {
  /** Optional: generated (`0pr...`) when absent. */
  @IsOptional()
  @IsString()
  id?: string;

  /** `RESOURCE_ACCESS`, the only type. */
  @IsOptional()
  @IsString()
  type?: 'RESOURCE_ACCESS';

  @IsString()
  name!: string;

  /** 1 = evaluated first within the policy. */
  @IsInt()
  priority!: number;

  /** `ACTIVE` (default) or `INACTIVE`; afterwards only the lifecycle operations change it. */
  @IsOptional()
  @IsString()
  status?: ConfigurationStatus;

  @IsOptional()
  @IsBoolean()
  system?: boolean;

  /** `grantTypes.include`, `scopes.include` (`*` = any), optional `people` (default `EVERYONE`). */
  @IsObject()
  conditions!: PolicyRuleInput['conditions'];

  /** `token.accessTokenLifetimeMinutes`, `refreshTokenLifetimeMinutes`, `refreshTokenWindowMinutes`. */
  @IsObject()
  actions!: PolicyRuleInput['actions'];
}
