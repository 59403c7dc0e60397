import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { ClientCredentialFieldsDto } from '../../client-auth/client-credential-fields.dto';
import { SCOPE_PATTERN } from '../../shared/form';

/** Form body of `POST /oauth2/{as}/v1/token` (RFC 6749 §4.4.2, §6), client credentials included. */
export class TokenRequestDto extends ClientCredentialFieldsDto {
  @IsString()
  @Length(1, 128)
  grant_type!: string;

  /** Required for `refresh_token`; checked by the grant, so a missing one gets a precise error. */
  @IsOptional()
  @IsString()
  @Length(1, 512)
  refresh_token?: string;

  @IsOptional()
  @IsString()
  @Length(1, 1024)
  @Matches(SCOPE_PATTERN)
  scope?: string;

  /** Accepted and ignored on a refresh, as Okta does. */
  @IsOptional()
  @IsString()
  @Length(0, 2048)
  redirect_uri?: string;
}
