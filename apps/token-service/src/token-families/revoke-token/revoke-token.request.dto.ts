import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { ClientCredentialFieldsDto } from '../../client-auth/client-credential-fields.dto';

/** Form body of `POST /oauth2/{as}/v1/revoke` (RFC 7009 §2.1), client credentials included. */
export class RevokeTokenRequestDto extends ClientCredentialFieldsDto {
  @ApiProperty({ description: 'The token to revoke: a refresh token or an access token', minLength: 1, maxLength: 8192 })
  @IsString()
  @Length(1, 8192)
  token!: string;

  /** `access_token` or `refresh_token`; other values are ignored (RFC 7009 §2.1 lets the server search all). */
  @ApiPropertyOptional({ description: 'access_token or refresh_token (a hint: every kind is searched)', maxLength: 64 })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  token_type_hint?: string;
}
