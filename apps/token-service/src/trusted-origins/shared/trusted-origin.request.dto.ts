import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length } from 'class-validator';
import { TrustedOriginScope } from './trusted-origin-resource.response';

/**
 * Body of `POST /api/v1/trustedOrigins` and `PUT /api/v1/trustedOrigins/{id}` (Okta's JSON).
 * Shapes only; the origin's form, the scope types and uniqueness are the decider's rules.
 * Read-only members a client echoes back from a GET (`id`, `status`, `_links`, ...) are ignored.
 */
export class TrustedOriginRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 255, example: 'Payments SPA' })
  @IsString()
  @Length(1, 255)
  name: string;

  @ApiProperty({ minLength: 1, maxLength: 255, format: 'uri', description: 'Scheme, host and port only.', example: 'https://pay.example.com' })
  @IsString()
  @Length(1, 255)
  origin: string;

  @ApiProperty({ type: [TrustedOriginScope], minItems: 1, maxItems: 2, description: 'Each type at most once.', example: [{ type: 'CORS' }] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  scopes: unknown[];
}
