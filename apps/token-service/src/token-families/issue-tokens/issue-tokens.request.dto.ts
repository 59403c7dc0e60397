import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { SCOPE_PATTERN } from '../../shared/form';

/** Body of `POST /api/v1/authorizationServers/{as}/tokens` (form or JSON). */
export class IssueTokensRequestDto {
  @ApiProperty({ description: 'The client the tokens are for', minLength: 1, maxLength: 128 })
  @IsString()
  @Length(1, 128)
  client_id!: string;

  @ApiProperty({ description: 'The subject (the person) the login service authenticated', minLength: 1, maxLength: 256 })
  @IsString()
  @Length(1, 256)
  sub!: string;

  @ApiProperty({ description: 'Space-separated scopes', example: 'openid offline_access', maxLength: 1024 })
  @IsString()
  @Length(1, 1024)
  @Matches(SCOPE_PATTERN)
  scope!: string;

  /** The grant the login service completed; defaults to `authorization_code`. */
  @ApiPropertyOptional({ description: 'The grant the login service completed', default: 'authorization_code' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_:.-]{1,128}$/)
  grant_type?: string;

  /** Space-separated groups, or an array in JSON. */
  @ApiPropertyOptional({ description: 'The person\'s groups: an array in JSON, space-separated in a form', type: [String] })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(' ').filter(Boolean) : value))
  @IsString({ each: true })
  @Length(1, 128, { each: true })
  groups?: string[];

  @ApiPropertyOptional({ description: 'The person\'s login name (`preferred_username`)', maxLength: 256 })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  username?: string;

  /**
   * The person's user id in the login service's directory (Okta's `uid` access-token claim),
   * when it differs from `sub` or `sub` is not one.
   */
  @ApiPropertyOptional({ description: "The person's user id in the login service's directory (Okta's `uid` claim)", maxLength: 256 })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  uid?: string;

  /** Epoch seconds of the login. */
  @ApiPropertyOptional({ description: 'Epoch seconds of the login', minimum: 0 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(0)
  @Max(1e11)
  auth_time?: number;

  /**
   * RFC 9449 §10 / §6.1: the SHA-256 JWK thumbprint (base64url) of the DPoP key the client
   * proved to the login service; the access token is bound to it, and a public client's
   * refresh tokens too.
   */
  @ApiPropertyOptional({ description: 'SHA-256 JWK thumbprint (base64url) of the DPoP key the client proved to the login service (RFC 9449 §10)', pattern: '^[A-Za-z0-9_-]{43}$' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/)
  dpop_jkt?: string;
}
