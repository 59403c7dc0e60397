import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length } from 'class-validator';

/**
 * Body of `POST /api/v1/trustedOrigins` and `PUT /api/v1/trustedOrigins/{id}` (Okta's JSON).
 * Shapes only; the origin's form, the scope types and uniqueness are the decider's rules.
 * Read-only members a client echoes back from a GET (`id`, `status`, `_links`, ...) are ignored.
 */
export class TrustedOriginRequestDto {
  @IsString()
  @Length(1, 255)
  name: string;

  @IsString()
  @Length(1, 255)
  origin: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  scopes: unknown[];
}
