import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ID_PATTERN } from '@ledger/domain';
import { IsArray, IsObject, IsOptional, IsString, Length } from 'class-validator';
import { AUTH_METHODS, ClientJwks, GRANT_TYPES, ROTATION_TYPES } from './client-resource.response';

/** `refresh_token` as submitted; omitted members take Okta's defaults (ROTATE, 30 s). */
class ClientRefreshTokenInput {
  @ApiPropertyOptional({ enum: ROTATION_TYPES, default: 'ROTATE', description: 'Public clients (`none`) must rotate.' })
  rotation_type?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 60, default: 30, description: 'Seconds.' })
  leeway?: number;
}

/**
 * The client metadata a registration or an update sends (JSON), in RFC 7591 / Okta names.
 * Only shapes are checked here; every rule (known grant types, leeway 0..60, public clients
 * rotate, `private_key_jwt` needs public `jwks`...) belongs to the client decider, so the API
 * and the bootstrap file cannot disagree. Unknown members are ignored (RFC 7591 §2).
 */
export class ClientMetadataRequestDto {
  /** Chosen id; generated (`0oa…`, as Okta's) when omitted on registration. The id rule is the decider's. */
  @ApiPropertyOptional({ pattern: ID_PATTERN.source, maxLength: 64, description: 'Generated (`0oa…`) when omitted on registration; on PUT, the path id.', example: 'payments-web' })
  @IsOptional()
  @IsString()
  client_id?: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Payments web' })
  @IsString()
  @Length(1, 200)
  client_name!: string;

  /** Defaults to `client_secret_basic` (RFC 7591 §2). */
  @ApiPropertyOptional({ enum: AUTH_METHODS, default: 'client_secret_basic', minLength: 1, maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  token_endpoint_auth_method?: string;

  /** Defaults to `["authorization_code"]` (RFC 7591 §2). */
  @ApiPropertyOptional({ type: 'array', items: { type: 'string', enum: GRANT_TYPES }, default: ['authorization_code'] })
  @IsOptional()
  @IsArray()
  grant_types?: unknown[];

  /** `{ "keys": [ public JWKs ] }`; required for `private_key_jwt`. */
  @ApiPropertyOptional({ type: ClientJwks, description: 'Public keys; required for `private_key_jwt`.' })
  @IsOptional()
  @IsObject()
  jwks?: Record<string, unknown>;

  /** Okta's app setting: `{ "rotation_type": "ROTATE" | "STATIC", "leeway": 0..60 }`. */
  @ApiPropertyOptional({ type: ClientRefreshTokenInput })
  @IsOptional()
  @IsObject()
  refresh_token?: { rotation_type?: unknown; leeway?: unknown };

  /** RFC 9449 §5.2 (and Okta): `true` makes every token request of the client carry a DPoP proof. */
  @ApiPropertyOptional({ type: 'boolean', default: false, description: 'RFC 9449 §5.2: every token request must carry a DPoP proof.' })
  @IsOptional()
  dpop_bound_access_tokens?: unknown;

  /** `ACTIVE` (default) or `INACTIVE` on registration; afterwards only the lifecycle endpoints change it. */
  @ApiPropertyOptional({ enum: ['ACTIVE', 'INACTIVE'], default: 'ACTIVE', description: 'On registration; afterwards only the lifecycle endpoints change it (on PUT it must be the current one).' })
  @IsOptional()
  @IsString()
  status?: string;
}
