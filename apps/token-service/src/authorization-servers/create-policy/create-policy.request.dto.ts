import { IsBoolean, IsInt, IsObject, IsOptional, IsString } from 'class-validator';
import type { AccessPolicyInput, ConfigurationStatus } from '@ledger/domain';

/**
 * Body of `POST /api/v1/authorizationServers/{as}/policies` (Okta's
 * `OAUTH_AUTHORIZATION_POLICY` JSON). The structure is checked here; `conditions` (shape and
 * client ids), ranges and literal values are the decider's, which names the field it refuses.
 */
export class CreatePolicyRequestDto {
  /** Optional: generated (`00p...`) when absent. */
  @IsOptional()
  @IsString()
  id?: string;

  /** `OAUTH_AUTHORIZATION_POLICY`, the only type. */
  @IsOptional()
  @IsString()
  type?: 'OAUTH_AUTHORIZATION_POLICY';

  @IsString()
  name!: string;

  @IsOptional()
  @IsString()
  description?: string;

  /** 1 = evaluated first. */
  @IsInt()
  priority!: number;

  /** `ACTIVE` (default) or `INACTIVE`; afterwards only the lifecycle operations change it. */
  @IsOptional()
  @IsString()
  status?: ConfigurationStatus;

  @IsOptional()
  @IsBoolean()
  system?: boolean;

  /** `{ clients: { include: ['ALL_CLIENTS'] | [client ids] } }`. */
  @IsObject()
  conditions!: AccessPolicyInput['conditions'];
}
