import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { KNOWN_GRANT_TYPES, TOKEN_ENDPOINT_AUTH_METHODS } from '@ledger/domain';
import { pathParams } from '../../authorization-servers/shared/management-api.openapi';
import { OktaLinkResponse } from '../../authorization-servers/shared/okta-resources.response';

/**
 * The OpenAPI schemas of what the clients API answers (`client-resource.ts`,
 * `client-secret-resource.ts`) and the enums its request bodies share. Documentation only:
 * the interfaces are what the code types against.
 */

export const AUTH_METHODS = [...TOKEN_ENDPOINT_AUTH_METHODS];
export const GRANT_TYPES = [...KNOWN_GRANT_TYPES];
export const ROTATION_TYPES = ['ROTATE', 'STATIC'];

export class ClientJwks {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'Public JWKs (RFC 7517).' })
  keys!: Record<string, unknown>[];
}

/** Okta's app setting `refresh_token`. */
export class ClientRefreshTokenSettings {
  @ApiProperty({ enum: ROTATION_TYPES, description: '`ROTATE`: a new refresh token at each refresh; public clients must rotate.' })
  rotation_type!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 60, description: 'Seconds the previous refresh token stays usable after a rotation.', example: 30 })
  leeway!: number;
}

/** A client: RFC 7591 §2 names plus Okta's `refresh_token` and `status`; never the secret. */
export class ClientResponse {
  @ApiProperty({ example: '0oa1a2b3c4d5e6f7g8h9' })
  client_id!: string;

  @ApiProperty({ example: 'Payments web' })
  client_name!: string;

  @ApiProperty({ type: 'integer', description: 'Registration time, epoch seconds (RFC 7591 §3.2.1).', example: 1767225600 })
  client_id_issued_at!: number;

  @ApiProperty({ enum: AUTH_METHODS })
  token_endpoint_auth_method!: string;

  @ApiProperty({ type: 'array', items: { type: 'string', enum: GRANT_TYPES }, example: ['authorization_code', 'refresh_token'] })
  grant_types!: string[];

  @ApiPropertyOptional({ type: ClientJwks, description: 'Present only when registered.' })
  jwks?: ClientJwks;

  @ApiProperty({ type: ClientRefreshTokenSettings })
  refresh_token!: ClientRefreshTokenSettings;

  @ApiProperty({ description: 'RFC 9449 §5.2: token requests must carry a DPoP proof.' })
  dpop_bound_access_tokens!: boolean;

  @ApiProperty({ enum: ['ACTIVE', 'INACTIVE'] })
  status!: string;

  @ApiProperty({ format: 'date-time', description: 'Last configuration change.' })
  last_updated!: string;
}

/** The one answer that carries a generated secret, shown this once. */
export class ClientWithSecretResponse extends ClientResponse {
  @ApiProperty({ description: 'Generated (256 bits); shown in this response only.' })
  client_secret!: string;

  @ApiProperty({ enum: [0], description: '0 = never (RFC 7591 §3.2.1).' })
  client_secret_expires_at!: 0;
}

class ClientSecretLinks {
  @ApiPropertyOptional({ type: OktaLinkResponse, description: 'While INACTIVE.' })
  activate?: OktaLinkResponse;

  @ApiPropertyOptional({ type: OktaLinkResponse, description: 'While ACTIVE.' })
  deactivate?: OktaLinkResponse;

  @ApiPropertyOptional({ type: OktaLinkResponse, description: 'While INACTIVE.' })
  delete?: OktaLinkResponse;
}

/** A client secret as Okta's Client Secrets API shows it: never the secret nor its hash. */
export class ClientSecretResponse {
  @ApiProperty({ example: 'ocs1a2b3c4d5e6f7g8h9' })
  id!: string;

  @ApiProperty({ enum: ['ACTIVE', 'INACTIVE'] })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  created!: string;

  @ApiProperty({ format: 'date-time' })
  lastUpdated!: string;

  @ApiProperty({ type: ClientSecretLinks })
  _links!: ClientSecretLinks;
}

/** The create answer: the secret resource and the generated secret, shown this once. */
export class ClientSecretWithSecretResponse extends ClientSecretResponse {
  @ApiProperty({ description: 'Generated (256 bits); shown in this response only.' })
  client_secret!: string;
}

/** `{clientId}` and `{secretId}` of a clients route. */
export const ApiClientParams = pathParams({ clientId: 'The client id.', secretId: 'The client secret id.' });
