import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** Largest page, as Okta's `/oauth2/v1/clients`. */
export const MAX_CLIENTS_PAGE = 200;

/** Query string of `GET /api/v1/clients` (Okta's `limit` and `after` cursor). */
export class ListClientsRequestDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_CLIENTS_PAGE, default: MAX_CLIENTS_PAGE, description: 'Page size.' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(MAX_CLIENTS_PAGE)
  limit?: number;

  /** The `client_id` the previous page ended with. */
  @ApiPropertyOptional({ minLength: 1, maxLength: 100, description: 'The `client_id` the previous page ended with (from the `next` link).' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  after?: string;
}
