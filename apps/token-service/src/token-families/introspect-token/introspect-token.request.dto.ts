import { IsOptional, IsString, Length } from 'class-validator';

/** Form body of `POST /oauth2/{as}/v1/introspect` (RFC 7662 §2.1). */
export class IntrospectTokenRequestDto {
  @IsString()
  @Length(1, 8192)
  token!: string;

  @IsOptional()
  @IsString()
  @Length(1, 64)
  token_type_hint?: string;

  @IsOptional() @IsString() @Length(1, 128) client_id?: string;
  @IsOptional() @IsString() @Length(1, 512) client_secret?: string;
  @IsOptional() @IsString() @Length(1, 8192) client_assertion?: string;
  @IsOptional() @IsString() @Length(1, 256) client_assertion_type?: string;
}
