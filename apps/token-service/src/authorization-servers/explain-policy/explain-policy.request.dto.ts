import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { SCOPE_PATTERN } from '../../shared/form';

const blankToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Query of `GET .../{as}/policies/explain`: the token request to evaluate, named as on the
 * issuance endpoint (`client_id`, `grant_type`, `scope`, `sub`, `groups`).
 */
export class ExplainPolicyRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 128, example: 'payments-web' })
  @IsString()
  @Length(1, 128)
  client_id!: string;

  /** Defaults to `authorization_code`, as on issuance. */
  @ApiPropertyOptional({ pattern: '^[A-Za-z0-9_:.-]{1,128}$', default: 'authorization_code', example: 'refresh_token' })
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @Matches(/^[A-Za-z0-9_:.-]{1,128}$/)
  grant_type?: string;

  /** Space-separated scopes; none when absent. */
  @ApiPropertyOptional({ minLength: 1, maxLength: 1024, pattern: SCOPE_PATTERN.source, description: 'Space-separated scopes; none when absent.', example: 'openid offline_access' })
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @Length(1, 1024)
  @Matches(SCOPE_PATTERN)
  scope?: string;

  /** The user; absent for a client acting on its own behalf (people conditions then do not apply). */
  @ApiPropertyOptional({ minLength: 1, maxLength: 256, description: 'The user; absent for a client acting on its own behalf.', example: 'user-42' })
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @Length(1, 256)
  sub?: string;

  /** Space-separated, or the parameter repeated. */
  @ApiPropertyOptional({ type: 'array', items: { type: 'string', minLength: 1, maxLength: 128 }, description: 'Space-separated, or the parameter repeated.', example: ['admins'] })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(' ').filter(Boolean) : value))
  @IsString({ each: true })
  @Length(1, 128, { each: true })
  groups?: string[];
}
