import { ApiProperty } from '@nestjs/swagger';
import { TRUSTED_ORIGIN_SCOPE_TYPES } from '@ledger/domain';
import { pathParams } from '../../authorization-servers/shared/management-api.openapi';
import { LifecycleLinks, OktaLinkResponse } from '../../authorization-servers/shared/okta-resources.response';

/** The OpenAPI schemas of {@link TrustedOriginResource} (documentation only). */

export const SCOPE_TYPES = [...TRUSTED_ORIGIN_SCOPE_TYPES];

export class TrustedOriginScope {
  @ApiProperty({ enum: SCOPE_TYPES, description: '`CORS`: browsers may call the token endpoints from it; `REDIRECT`: a redirect target.' })
  type!: string;
}

class TrustedOriginLinks extends LifecycleLinks {
  @ApiProperty({ type: OktaLinkResponse })
  self!: OktaLinkResponse;
}

/** A trusted origin in Okta's JSON. */
export class TrustedOriginResponse {
  @ApiProperty({ example: 'tos1a2b3c4d5e6f7g8h9' })
  id!: string;

  @ApiProperty({ example: 'Payments SPA' })
  name!: string;

  @ApiProperty({ format: 'uri', example: 'https://pay.example.com' })
  origin!: string;

  @ApiProperty({ type: [TrustedOriginScope] })
  scopes!: TrustedOriginScope[];

  @ApiProperty({ enum: ['ACTIVE', 'INACTIVE'] })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  created!: string;

  @ApiProperty({ description: 'The actor that created it.', example: 'admin:service' })
  createdBy!: string;

  @ApiProperty({ format: 'date-time' })
  lastUpdated!: string;

  @ApiProperty({ example: 'admin:service' })
  lastUpdatedBy!: string;

  @ApiProperty({ type: TrustedOriginLinks })
  _links!: TrustedOriginLinks;
}

/** `{id}` of a trusted-origins route. */
export const ApiTrustedOriginParams = pathParams({ id: 'The trusted origin id.' });
