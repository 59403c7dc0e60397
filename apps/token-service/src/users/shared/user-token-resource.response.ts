import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { pathParams } from '../../authorization-servers/shared/management-api.openapi';

/** The OpenAPI schemas of {@link OktaRefreshToken} and {@link OktaUserClient} (documentation only). */

class UserTokenLink {
  @ApiProperty({ format: 'uri' })
  href!: string;

  @ApiPropertyOptional({ description: 'The name of the client or server, while it exists.' })
  title?: string;

  @ApiPropertyOptional({ type: 'object', properties: { allow: { type: 'array', items: { type: 'string' } } }, required: ['allow'], example: { allow: ['GET', 'DELETE'] } })
  hints?: { allow: string[] };
}

class RefreshTokenLinks {
  @ApiProperty({ type: UserTokenLink, description: 'The client (Okta calls it the app).' })
  app!: UserTokenLink;

  @ApiProperty({ type: UserTokenLink })
  self!: UserTokenLink;

  @ApiProperty({ type: UserTokenLink })
  revoke!: UserTokenLink;

  @ApiProperty({ type: UserTokenLink })
  client!: UserTokenLink;

  @ApiProperty({ type: UserTokenLink, description: 'The subject; the ledger keeps no user directory.' })
  user!: UserTokenLink;

  @ApiProperty({ type: UserTokenLink })
  authorizationServer!: UserTokenLink;
}

class EmbeddedScope {
  @ApiProperty({ example: 'offline_access' })
  name!: string;
}

class EmbeddedScopes {
  @ApiProperty({ type: [EmbeddedScope] })
  scopes!: EmbeddedScope[];
}

/** A refresh token in Okta's `OAuth2RefreshToken` JSON; its `id` is the family id. */
export class RefreshTokenResponse {
  @ApiProperty({ description: 'The token family id: stable across rotations.' })
  id!: string;

  @ApiProperty({ enum: ['ACTIVE', 'REVOKED', 'EXPIRED'], description: '`EXPIRED`: neither revoked nor usable any more.' })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  created!: string;

  @ApiProperty({ format: 'date-time' })
  lastUpdated!: string;

  @ApiProperty({ format: 'date-time', description: 'When the current refresh token stops working: the earlier of its idle and absolute expiries.' })
  expiresAt!: string;

  @ApiProperty({ format: 'uri' })
  issuer!: string;

  @ApiProperty()
  clientId!: string;

  @ApiProperty({ description: 'The subject (`sub`) named in the path.' })
  userId!: string;

  @ApiProperty({ type: [String], example: ['openid', 'offline_access'] })
  scopes!: string[];

  @ApiPropertyOptional({ type: EmbeddedScopes, description: 'With `expand=scope` only.' })
  _embedded?: EmbeddedScopes;

  @ApiProperty({ type: RefreshTokenLinks })
  _links!: RefreshTokenLinks;
}

class UserClientLinks {
  @ApiProperty({ type: UserTokenLink })
  app!: UserTokenLink;

  @ApiProperty({ type: UserTokenLink })
  tokens!: UserTokenLink;
}

/** A client the user holds refresh tokens of, in Okta's `OAuth2Client` JSON. */
export class UserClientResponse {
  @ApiProperty()
  client_id!: string;

  @ApiProperty({ description: 'The client name, or its id when the client was deleted since.' })
  client_name!: string;

  @ApiProperty({ type: 'null', description: 'Always `null`: the ledger keeps no home page.' })
  client_uri!: null;

  @ApiProperty({ type: 'null', description: 'Always `null`: the ledger keeps no logo.' })
  logo_uri!: null;

  @ApiProperty({ type: UserClientLinks })
  _links!: UserClientLinks;
}

/** `{userId}`, `{clientId}` and `{tokenId}` of a user-token route. */
export const ApiUserTokenParams = pathParams({
  userId: 'The subject (`sub`), percent-encoded.',
  clientId: 'The client id.',
  tokenId: 'The refresh token id: its family id.',
});
