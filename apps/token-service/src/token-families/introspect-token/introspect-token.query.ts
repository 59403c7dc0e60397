import { Query } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ClientView } from '../../configuration/configuration.registry';

/** RFC 7662 §2.2 response; inactive tokens answer `{ active: false }` and nothing else. */
export interface IntrospectionResponse {
  readonly active: boolean;
  readonly scope?: string;
  readonly client_id?: string;
  readonly username?: string;
  readonly token_type?: string;
  readonly exp?: number;
  readonly iat?: number;
  readonly sub?: string;
  readonly aud?: string | string[];
  readonly iss?: string;
  readonly jti?: string;
  /** Okta's `uid`: the person's user id, for an access token whose issuance named one. */
  readonly uid?: string;
  /** RFC 9449 §6.2: the DPoP key a bound token is bound to. */
  readonly cnf?: { readonly jkt: string };
}

/** Is this token active right now, on this authorization server? */
export class IntrospectTokenQuery extends Query<IntrospectionResponse> {
  constructor(
    readonly authorizationServerId: string,
    /**
     * The authenticated caller: a confidential client (a resource server) may introspect any
     * token of the server, a public client only its own (`introspectionAccess`, RFC 7662 §4).
     */
    readonly caller: ClientView,
    /** The raw token; never logged. */
    readonly token: string,
    /** The request (HTTP) or call (gRPC) id, logged with the reason of an inactive answer. */
    readonly requestId: string,
  ) {
    super();
  }
}

class ConfirmationDto {
  @ApiProperty({ description: 'SHA-256 JWK thumbprint of the DPoP key (RFC 9449 §6.2)' })
  jkt!: string;
}

/** {@link IntrospectionResponse} for the OpenAPI document (RFC 7662 §2.2, Okta's claims). */
export class IntrospectionResponseDto implements IntrospectionResponse {
  @ApiProperty({ description: 'Whether the token is active; every other member is absent when it is not' })
  active!: boolean;

  @ApiPropertyOptional({ example: 'openid offline_access' })
  scope?: string;

  @ApiPropertyOptional()
  client_id?: string;

  @ApiPropertyOptional()
  username?: string;

  @ApiPropertyOptional({ example: 'Bearer' })
  token_type?: string;

  @ApiPropertyOptional({ description: 'Expiry, epoch seconds' })
  exp?: number;

  @ApiPropertyOptional({ description: 'Issued at, epoch seconds' })
  iat?: number;

  @ApiPropertyOptional()
  sub?: string;

  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  aud?: string | string[];

  @ApiPropertyOptional()
  iss?: string;

  @ApiPropertyOptional()
  jti?: string;

  @ApiPropertyOptional({ description: "Okta's `uid`: the person's user id" })
  uid?: string;

  @ApiPropertyOptional({ type: ConfirmationDto })
  cnf?: ConfirmationDto;
}
