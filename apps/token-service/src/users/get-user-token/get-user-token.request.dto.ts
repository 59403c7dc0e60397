import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** Query string of `GET /api/v1/users/{userId}/clients/{clientId}/tokens/{tokenId}`. */
export class GetUserTokenRequestDto {
  /** `scope`: the token's scopes also under `_embedded.scopes`. */
  @ApiPropertyOptional({ enum: ['scope'] })
  @IsOptional() @IsIn(['scope']) expand?: 'scope';
}
