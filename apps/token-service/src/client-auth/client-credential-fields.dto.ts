import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

/**
 * The parameters that may carry client credentials (RFC 6749 §2.3.1 `client_id` and
 * `client_secret`, RFC 7523 §2.2 `client_assertion` and `client_assertion_type`), declared once
 * with their rules. The token, revocation and introspection forms extend it; the gRPC transport
 * validates the same keys of a call's metadata with it, so both transports accept the same
 * credentials and refuse the same ones with the same messages.
 *
 * Subclasses declare their own fields; class-validator checks those before these inherited
 * ones, so a form's first error is reported as it was when each form listed these fields last.
 */
export class ClientCredentialFieldsDto {
  @ApiPropertyOptional({ description: 'The client (client_secret_post, a public client, or with client_assertion)', minLength: 1, maxLength: 128 })
  @IsOptional() @IsString() @Length(1, 128) client_id?: string;

  @ApiPropertyOptional({ description: 'client_secret_post: the secret in the form instead of Basic', minLength: 1, maxLength: 512 })
  @IsOptional() @IsString() @Length(1, 512) client_secret?: string;

  @ApiPropertyOptional({ description: 'private_key_jwt: the client assertion (RFC 7523 §2.2)', minLength: 1, maxLength: 8192 })
  @IsOptional() @IsString() @Length(1, 8192) client_assertion?: string;

  @ApiPropertyOptional({ description: 'private_key_jwt', example: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', minLength: 1, maxLength: 256 })
  @IsOptional() @IsString() @Length(1, 256) client_assertion_type?: string;
}

/** The client-credential parameters as plain data, whichever transport carried them. */
export type ClientCredentialParams = Readonly<ClientCredentialFieldsDto>;

/**
 * The names of the fields, for a transport that reads them one by one (gRPC metadata keys).
 * Typed so that a field added to or removed from the DTO fails to compile here until listed.
 */
export const CLIENT_CREDENTIAL_KEYS = Object.keys({
  client_id: true,
  client_secret: true,
  client_assertion: true,
  client_assertion_type: true,
} satisfies Record<keyof ClientCredentialParams, true>) as ReadonlyArray<keyof ClientCredentialParams>;
