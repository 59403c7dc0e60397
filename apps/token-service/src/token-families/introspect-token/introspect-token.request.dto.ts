import { IsOptional, IsString, Length } from 'class-validator';
import { ClientCredentialFieldsDto } from '../../client-auth/client-credential-fields.dto';

/** Form body of `POST /oauth2/{as}/v1/introspect` (RFC 7662 §2.1), client credentials included. */
export class IntrospectTokenRequestDto extends ClientCredentialFieldsDto {
  @IsString()
  @Length(1, 8192)
  token!: string;

  @IsOptional()
  @IsString()
  @Length(1, 64)
  token_type_hint?: string;
}
