import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiResponse } from '@nestjs/swagger';
import type { ManagementErrorBody } from './to-management-error';

class ManagementErrorCauseDto {
  @ApiProperty({ example: 'name: must not be empty' })
  errorSummary!: string;
}

/** Okta's management error object, as `ManagementExceptionFilter` writes it (`managementErrorBody`). */
export class ManagementErrorDto implements ManagementErrorBody {
  @ApiProperty({ description: "Okta's error code", example: 'E0000007' })
  errorCode!: string;

  @ApiProperty({ example: 'Not found: Resource not found: default (AuthorizationServer)' })
  errorSummary!: string;

  @ApiProperty({ description: 'The error code again, as Okta answers', example: 'E0000007' })
  errorLink!: string;

  @ApiProperty({ description: "The request's id (X-Request-Id)" })
  errorId!: string;

  @ApiProperty({ type: [ManagementErrorCauseDto], description: 'One entry per field at fault' })
  errorCauses!: ManagementErrorCauseDto[];
}

/** What each status means on the management, audit and ops routes, for the document. */
const MANAGEMENT_ERRORS: Record<number, string> = {
  400: 'E0000001 (a field breaks a rule; errorCauses names it) or E0000003 (malformed body)',
  401: 'E0000011: the credential is missing or wrong',
  404: 'E0000007: no such resource',
  409: 'E0000001: the change conflicts with the current state',
  412: 'E0000001: If-Match names another revision',
  429: 'E0000047: too many requests (`Retry-After`)',
  503: 'E0000010: the store is unreachable or the ledger failed verification (`Retry-After`)',
};

/** The error responses a management-format route answers, each with the {@link ManagementErrorDto} body. */
export function ApiManagementErrors(...statuses: (keyof typeof MANAGEMENT_ERRORS)[]): MethodDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: MANAGEMENT_ERRORS[status], type: ManagementErrorDto })));
}
