import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';

/** The OAuth side's error body (RFC 6749 §5.2), as `OAuthExceptionFilter` writes it. */
export class OAuthErrorDto {
  @ApiProperty({ description: 'RFC 6749 §5.2 error code', example: 'invalid_grant' })
  error!: string;

  @ApiProperty({ description: 'What was wrong, for a developer (never a submitted value)', example: 'The refresh token is invalid or expired.' })
  error_description!: string;
}

/** What each status means on the OAuth routes, for the document. */
const OAUTH_ERRORS: Record<number, string> = {
  400: 'invalid_request, invalid_grant, invalid_scope, unauthorized_client, unsupported_grant_type, invalid_dpop_proof or use_dpop_nonce (RFC 6749 §5.2, RFC 9449)',
  401: 'invalid_client: client authentication failed (`WWW-Authenticate: Basic`), or the admin credential is missing or wrong',
  404: 'not_found: no such authorization server',
  413: 'The request body is too large',
  415: 'The body is not application/x-www-form-urlencoded',
  429: 'Too many requests or credential failures (`Retry-After`)',
  503: 'temporarily_unavailable: the store is busy or unreachable (`Retry-After`)',
};

/** The error responses an OAuth route answers, each with the {@link OAuthErrorDto} body. */
export function ApiOAuthErrors(...statuses: (keyof typeof OAUTH_ERRORS)[]): MethodDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: OAUTH_ERRORS[status], type: OAuthErrorDto })));
}
