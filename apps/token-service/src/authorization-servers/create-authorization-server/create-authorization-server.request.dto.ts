import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsObject, IsOptional, IsString } from 'class-validator';
import { SIGNING_ALGORITHMS, SIGNING_KEY_ROTATION_MODES, type AuthorizationServerInput, type ConfigurationStatus, type IssuerMode } from '@ledger/domain';
import { CHOSEN_ID, nullable, STATUS } from '../shared/okta-resources.response';

/** `endpoints` as submitted: an omitted member is `null` (`responseTypes`: `[]`). */
class ExternalEndpointsInput {
  @ApiPropertyOptional({ ...nullable({ type: 'string', format: 'uri' }), description: 'https (http only for loopback).' })
  authorization?: string | null;

  @ApiPropertyOptional(nullable({ type: 'string', format: 'uri' }))
  endSession?: string | null;

  @ApiPropertyOptional(nullable({ type: 'string', format: 'uri' }))
  userinfo?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Only with `authorization`; never a type with `code`.', example: ['id_token'] })
  responseTypes?: string[];
}

class AccessTokenClaimsInput {
  @ApiPropertyOptional({ default: true })
  okta?: boolean;
}

class SigningInput {
  @ApiPropertyOptional({ enum: SIGNING_KEY_ROTATION_MODES, default: 'AUTO' })
  rotationMode?: string;

  @ApiPropertyOptional({ enum: SIGNING_ALGORITHMS, default: 'ES256' })
  algorithm?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 365, default: 90 })
  rotationPeriodDays?: number;
}

class CredentialsInput {
  @ApiPropertyOptional({ type: SigningInput, description: 'Omitted on an update: the recorded settings stay.' })
  signing?: SigningInput;
}

/**
 * Body of `POST /api/v1/authorizationServers` (Okta's authorization server JSON). Only the
 * structure is checked here; values (ids, issuer URL, modes, scope names) are the decider's,
 * which names the field it refuses. Read-only fields a client echoes back (`issuer` when not
 * `CUSTOM_URL` aside, `created`, `_links`...) are dropped.
 */
export class CreateAuthorizationServerRequestDto {
  /** Optional: generated (`aus...`) when absent. */
  @ApiPropertyOptional({ ...CHOSEN_ID, description: 'Generated (`aus…`) when absent.', example: 'aus1a2b3c4d5e6f7g8h9' })
  @IsOptional()
  @IsString()
  id?: string;

  @ApiProperty({ example: 'payments' })
  @IsString()
  name!: string;

  @ApiPropertyOptional({ default: '' })
  @IsOptional()
  @IsString()
  description?: string;

  @ApiProperty({ type: [String], example: ['api://payments'] })
  @IsArray()
  @IsString({ each: true })
  audiences!: string[];

  /** `ORG_URL` (default), `CUSTOM_URL` or `DYNAMIC`; the decider checks the value. */
  @ApiPropertyOptional({ enum: ['ORG_URL', 'CUSTOM_URL', 'DYNAMIC'], default: 'ORG_URL' })
  @IsOptional()
  @IsString()
  issuerMode?: IssuerMode;

  /** Only with `CUSTOM_URL`. */
  @ApiPropertyOptional({ format: 'uri', description: 'Only with `CUSTOM_URL`.' })
  @IsOptional()
  @IsString()
  issuer?: string;

  @ApiPropertyOptional({ type: [String], default: [], example: ['openid', 'offline_access'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  scopes?: string[];

  /** `ACTIVE` (default) or `INACTIVE`; afterwards only the lifecycle operations change it. */
  @ApiPropertyOptional({ enum: STATUS, default: 'ACTIVE', description: 'Afterwards only the lifecycle operations change it (ignored on PUT).' })
  @IsOptional()
  @IsString()
  status?: ConfigurationStatus;

  /**
   * The external login service's `authorization`, `endSession`, `userinfo` URLs and the
   * `responseTypes` its authorization endpoint serves; the decider checks each member.
   */
  @ApiPropertyOptional({ type: ExternalEndpointsInput, description: 'Omitted or `null`: none.' })
  @IsOptional()
  @IsObject()
  endpoints?: {
    authorization?: string | null;
    endSession?: string | null;
    userinfo?: string | null;
    responseTypes?: string[];
  };

  /** `{ okta: boolean }`: Okta's `ver`, `cid`, `uid`, `scp` in access tokens (default on). */
  @ApiPropertyOptional({ type: AccessTokenClaimsInput })
  @IsOptional()
  @IsObject()
  accessTokenClaims?: { okta?: boolean };

  /**
   * Okta's `credentials.signing`: `rotationMode` (`AUTO`, default on create, or `MANUAL`) and
   * our `algorithm` (`ES256` default, `RS256`) and `rotationPeriodDays` (default 90). `kid`,
   * `lastRotated`, `nextRotation` and `use` are read-only and ignored; the decider checks values.
   */
  @ApiPropertyOptional({ type: CredentialsInput })
  @IsOptional()
  @IsObject()
  credentials?: AuthorizationServerInput['credentials'];
}
