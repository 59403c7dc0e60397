import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** Okta's default page of refresh tokens. */
export const DEFAULT_USER_TOKENS_PAGE = 20;
/** Okta's largest page of refresh tokens. */
export const MAX_USER_TOKENS_PAGE = 200;

/** Query string of `GET /api/v1/users/{userId}/clients/{clientId}/tokens`. */
export class ListUserTokensRequestDto {
  /** `scope`: each token's scopes also under `_embedded.scopes`. */
  @ApiPropertyOptional({ enum: ['scope'] })
  @IsOptional() @IsIn(['scope']) expand?: 'scope';

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_USER_TOKENS_PAGE, default: DEFAULT_USER_TOKENS_PAGE })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(MAX_USER_TOKENS_PAGE)
  limit?: number;

  /** The opaque cursor of the `next` link. */
  @ApiPropertyOptional({ minLength: 1, maxLength: 512, description: 'The opaque cursor of the `next` link.' })
  @IsOptional() @IsString() @Length(1, 512) after?: string;
}
