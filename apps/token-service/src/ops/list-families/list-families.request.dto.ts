import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** Default page of the families listings, as Okta's lists. */
export const DEFAULT_FAMILIES_PAGE = 200;
/** Largest page of the families listings. */
export const MAX_FAMILIES_PAGE = 1000;

/** Query string of `GET /api/v1/ops/families` and `GET /api/v1/users/{sub}/tokens`. */
export class ListFamiliesRequestDto {
  @IsOptional() @IsString() @Length(1, 256) subject?: string;

  @IsOptional() @IsString() @Length(1, 128) client_id?: string;

  /** `active`, `expired` or `revoked` (any case). */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsIn(['active', 'expired', 'revoked'])
  status?: 'active' | 'expired' | 'revoked';

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(MAX_FAMILIES_PAGE)
  limit?: number;

  /** The opaque cursor of the `next` link. */
  @IsOptional() @IsString() @Length(1, 512) after?: string;
}
