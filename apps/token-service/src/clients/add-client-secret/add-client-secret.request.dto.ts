import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** Okta's create-secret body; `client_secret` (choosing the secret) is refused before parsing. */
export class AddClientSecretRequestDto {
  /** `ACTIVE` (default) or `INACTIVE`. */
  @ApiPropertyOptional({ enum: ['ACTIVE', 'INACTIVE'], default: 'ACTIVE' })
  @IsOptional()
  @IsIn(['ACTIVE', 'INACTIVE'])
  status?: 'ACTIVE' | 'INACTIVE';
}
