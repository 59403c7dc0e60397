import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PublicJwk, PublicJwks } from '@ledger/token-crypto';

/** A public signing key of the JWKS (RFC 7517): public members only. */
export class PublicJwkDto implements PublicJwk {
  @ApiProperty({ example: 'RSA' }) kty!: string;
  @ApiPropertyOptional() kid?: string;
  @ApiPropertyOptional({ example: 'RS256' }) alg?: string;
  @ApiPropertyOptional({ example: 'sig' }) use?: string;
  @ApiPropertyOptional({ description: 'EC and OKP keys' }) crv?: string;
  @ApiPropertyOptional({ description: 'EC and OKP keys' }) x?: string;
  @ApiPropertyOptional({ description: 'EC keys' }) y?: string;
  @ApiPropertyOptional({ description: 'RSA keys' }) n?: string;
  @ApiPropertyOptional({ description: 'RSA keys' }) e?: string;
}

/** `GET /oauth2/{as}/v1/keys` (RFC 7517 §5). */
export class JwksDto implements PublicJwks {
  @ApiProperty({ type: [PublicJwkDto] }) keys!: PublicJwkDto[];
}

/** RFC 8414 authorization-server metadata, as `metadataOf` in discovery.http.controller.ts answers it. */
export class AuthorizationServerMetadataDto {
  @ApiProperty({ example: 'https://ledger.example/oauth2/default' }) issuer!: string;
  @ApiPropertyOptional({ description: "The external login service's, when the server names one" }) authorization_endpoint?: string;
  @ApiProperty() token_endpoint!: string;
  @ApiProperty() jwks_uri!: string;
  @ApiProperty() revocation_endpoint!: string;
  @ApiProperty() introspection_endpoint!: string;
  @ApiProperty({ type: [String] }) scopes_supported!: string[];
  @ApiPropertyOptional({ description: "The external login service's, when the server names one" }) userinfo_endpoint?: string;
  @ApiPropertyOptional({ description: "The external login service's, when the server names one" }) end_session_endpoint?: string;
  @ApiProperty({ type: [String] }) dpop_signing_alg_values_supported!: string[];
  @ApiProperty({ type: [String], description: 'Empty without an authorization endpoint' }) response_types_supported!: string[];
  @ApiProperty({ type: [String], example: ['refresh_token', 'client_credentials'] }) grant_types_supported!: string[];
  @ApiProperty({ type: [String] }) token_endpoint_auth_methods_supported!: string[];
  @ApiProperty({ type: [String] }) revocation_endpoint_auth_methods_supported!: string[];
  @ApiProperty({ type: [String] }) introspection_endpoint_auth_methods_supported!: string[];
  @ApiProperty({ type: [String] }) token_endpoint_auth_signing_alg_values_supported!: string[];
  @ApiProperty({ type: [String] }) revocation_endpoint_auth_signing_alg_values_supported!: string[];
  @ApiProperty({ type: [String] }) introspection_endpoint_auth_signing_alg_values_supported!: string[];
}

/** OpenID Connect Discovery 1.0 §3: the metadata plus the OpenID members. */
export class OpenIdConfigurationDto extends AuthorizationServerMetadataDto {
  @ApiProperty({ type: [String], example: ['public'] }) subject_types_supported!: string[];
  @ApiProperty({ type: [String] }) id_token_signing_alg_values_supported!: string[];
  @ApiProperty({ type: [String] }) claims_supported!: string[];
}
