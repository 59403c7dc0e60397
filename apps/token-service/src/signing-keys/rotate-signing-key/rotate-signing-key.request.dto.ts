import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** Body of `POST /api/v1/authorizationServers/{as}/credentials/lifecycle/keyRotate`, as Okta's: optional. */
export class RotateSigningKeyRequestDto {
  /** The purpose of the key; `sig` is the only one (Okta's `JwkUse`). */
  @ApiPropertyOptional({ enum: ['sig'] })
  @IsOptional()
  @IsIn(['sig'])
  use?: string;
}
