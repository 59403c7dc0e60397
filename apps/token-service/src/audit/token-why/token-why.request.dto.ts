import { IsOptional, IsString, MaxLength } from 'class-validator';

/** `token=` or `token_id=`, as a form, a JSON body or (less secret) a query string. */
export class TokenWhyRequestDto {
  /** A refresh token or an access token; the longest either can be is far below this. */
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  token?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  token_id?: string;
}
