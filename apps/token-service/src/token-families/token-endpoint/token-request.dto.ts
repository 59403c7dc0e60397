import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { ClientCredentialFieldsDto } from '../../client-auth/client-credential-fields.dto';
import { SCOPE_PATTERN } from '../../shared/form';

/** Form body of `POST /oauth2/{as}/v1/token` (RFC 6749 §4.4.2, §6), client credentials included. */
export class TokenRequestDto extends ClientCredentialFieldsDto {
  @ApiProperty({ description: 'The grant: `refresh_token` or `client_credentials` (others are refused)', enum: ['refresh_token', 'client_credentials'] })
  @IsString()
  @Length(1, 128)
  grant_type!: string;

  /** Required for `refresh_token`; checked by the grant, so a missing one gets a precise error. */
  @ApiPropertyOptional({ description: 'Required with grant_type=refresh_token', minLength: 1, maxLength: 512 })
  @IsOptional()
  @IsString()
  @Length(1, 512)
  refresh_token?: string;

  @ApiPropertyOptional({ description: 'Space-separated scopes: a subset of the granted ones on a refresh, the requested ones with client_credentials', maxLength: 1024 })
  @IsOptional()
  @IsString()
  @Length(1, 1024)
  @Matches(SCOPE_PATTERN)
  scope?: string;

  /** Accepted and ignored on a refresh, as Okta does. */
  @ApiPropertyOptional({ description: 'Accepted and ignored, as Okta does', maxLength: 2048 })
  @IsOptional()
  @IsString()
  @Length(0, 2048)
  redirect_uri?: string;
}
