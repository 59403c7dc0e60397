import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString } from 'class-validator';
import type { AccessPolicyInput, ConfigurationStatus } from '@ledger/domain';
import { CHOSEN_ID, ClientsCondition, STATUS } from '../shared/okta-resources.response';

/**
 * Body of `POST /api/v1/authorizationServers/{as}/policies` (Okta's
 * `OAUTH_AUTHORIZATION_POLICY` JSON). The structure is checked here; `conditions` (shape and
 * client ids), ranges and literal values are the decider's, which names the field it refuses.
 */
export class CreatePolicyRequestDto {
  /** Optional: generated (`00p...`) when absent. */
  @ApiPropertyOptional({ ...CHOSEN_ID, description: 'Generated (`00p…`) when absent.', example: '00p1a2b3c4d5e6f7g8h9' })
  @IsOptional()
  @IsString()
  id?: string;

  /** `OAUTH_AUTHORIZATION_POLICY`, the only type. */
  @ApiPropertyOptional({ enum: ['OAUTH_AUTHORIZATION_POLICY'] })
  @IsOptional()
  @IsString()
  type?: 'OAUTH_AUTHORIZATION_POLICY';

  @ApiProperty({ example: 'Payments apps' })
  @IsString()
  name!: string;

  @ApiPropertyOptional({ default: '' })
  @IsOptional()
  @IsString()
  description?: string;

  /** 1 = evaluated first. */
  @ApiProperty({ type: 'integer', description: '1 = evaluated first.', example: 1 })
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

  /** `{ clients: { include: ['ALL_CLIENTS'] | [client ids] } }`. */
  @ApiProperty({ type: ClientsCondition })
  @IsObject()
  conditions!: AccessPolicyInput['conditions'];
}
