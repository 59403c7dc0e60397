import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** Largest page, as Okta's `/api/v1/trustedOrigins`. */
export const MAX_TRUSTED_ORIGINS_PAGE = 200;

/** Okta's default page size for trusted origins. */
export const DEFAULT_TRUSTED_ORIGINS_PAGE = 20;

/** Query string of `GET /api/v1/trustedOrigins` (Okta's `q`, `filter`, `limit`, `after`). */
export class ListTrustedOriginsRequestDto {
  /** Prefix of the name or the origin, case-insensitive. */
  @ApiPropertyOptional({ minLength: 1, maxLength: 255, description: 'Prefix of the name or the origin, case-insensitive.' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  q?: string;

  /** Okta's SCIM-style filter; refused with a 400 naming it (not implemented, see docs). */
  @ApiPropertyOptional({ description: "Okta's SCIM filter: not supported, answered 400 (use `q`)." })
  @IsOptional()
  @IsString()
  filter?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_TRUSTED_ORIGINS_PAGE, default: DEFAULT_TRUSTED_ORIGINS_PAGE })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(MAX_TRUSTED_ORIGINS_PAGE)
  limit?: number;

  /** The id the previous page ended with. */
  @ApiPropertyOptional({ minLength: 1, maxLength: 64, description: 'The id the previous page ended with (from the `next` link).' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  after?: string;
}
