import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The token endpoint's success body (RFC 6749 §5.1), as Okta answers it. */
export interface TokenResponse {
  readonly access_token: string;
  /** `DPoP` when the access token is bound to a DPoP key (RFC 9449 §5). */
  readonly token_type: 'Bearer' | 'DPoP';
  readonly expires_in: number;
  readonly scope: string;
  readonly refresh_token?: string;
  readonly id_token?: string;
}

/** {@link TokenResponse} for the OpenAPI document. */
export class TokenResponseDto implements TokenResponse {
  @ApiProperty({ description: 'A signed JWT access token' })
  access_token!: string;

  @ApiProperty({ enum: ['Bearer', 'DPoP'], description: '`DPoP` when the access token is bound to a DPoP key (RFC 9449 §5)' })
  token_type!: 'Bearer' | 'DPoP';

  @ApiProperty({ description: 'Seconds until the access token expires', example: 3600 })
  expires_in!: number;

  @ApiProperty({ description: 'The granted scopes, space-separated', example: 'openid offline_access' })
  scope!: string;

  @ApiPropertyOptional({ description: 'The refresh token: a new one when the client rotates, else the one sent' })
  refresh_token?: string;

  @ApiPropertyOptional({ description: 'An ID token, when `openid` was granted' })
  id_token?: string;
}
