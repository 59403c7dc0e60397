import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** `token=` or `token_id=`, as a form, a JSON body or (less secret) a query string. */
export class TokenWhyRequestDto {
  /** A refresh token or an access token; the longest either can be is far below this. */
  @ApiPropertyOptional({ description: 'A refresh token or an access token (never echoed nor logged)', maxLength: 8192 })
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  token?: string;

  @ApiPropertyOptional({ description: 'A refresh token id (`<familyId>.<sequence>`) or an access token jti', maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  token_id?: string;
}
