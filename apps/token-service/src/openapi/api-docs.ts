import { applyDecorators } from '@nestjs/common';
import { ApiParam, ApiSecurity } from '@nestjs/swagger';
import { SECURITY_SCHEMES } from './openapi-document';

/** The `{as}` path parameter every authorization-server route has. */
export const ApiAuthorizationServerParam = (): MethodDecorator & ClassDecorator =>
  ApiParam({ name: 'as', description: 'The authorization server id', example: 'default' });

/** Behind `AdminCredentialGuard`. */
export const ApiAdminSecurity = (): MethodDecorator & ClassDecorator => ApiSecurity(SECURITY_SCHEMES.admin);

/** Behind `AuditorCredentialGuard`. */
export const ApiAuditorSecurity = (): MethodDecorator & ClassDecorator => ApiSecurity(SECURITY_SCHEMES.auditor);

/**
 * A client-authenticated OAuth route: HTTP Basic (client_secret_basic), or credentials in the
 * form (client_secret_post, private_key_jwt; see the body), or none for a public client.
 */
export const ApiClientSecurity = (): MethodDecorator & ClassDecorator =>
  applyDecorators(ApiSecurity(SECURITY_SCHEMES.clientBasic), ApiSecurity({}));

