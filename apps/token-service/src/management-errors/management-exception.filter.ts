import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setTooManyRequestsHeaders, TooManyRequestsError } from '../oauth-errors/oauth-errors';
import { toOAuthError } from '../oauth-errors/oauth-exception.filter';
import { ServiceUnavailableError } from './management-errors';
import { managementErrorBody, managementErrorFromOAuth, toManagementError } from './to-management-error';

/**
 * Renders every error of the management API (`/api/v1/*` except issuance: Okta's management
 * resources, the audit and ops APIs) as Okta's management error body. Bound to those
 * controllers with `@UseFilters`; `HttpExceptionFilter` also uses it for a request under that
 * prefix that reached no controller (an unknown route, a body the parser refused). Errors of
 * the shared HTTP layer (guards, body parsing) arrive as OAuth errors and are translated;
 * unknown errors collapse to `E0000009` and are logged with their stack.
 */
@Catch()
export class ManagementExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ManagementError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const error = toManagementError(exception) ?? managementErrorFromOAuth(toOAuthError(exception), request.url);
    if (error.status >= 500) {
      this.logger.error({ msg: 'unhandled error', requestId: request.id, url: request.routeOptions?.url }, (exception as Error)?.stack);
    } else {
      this.logger.debug?.({ msg: 'request refused', requestId: request.id, error: error.errorCode, reason: error.code, summary: error.errorSummary });
    }
    reply.header('cache-control', 'no-store');
    if (error.status === 401) reply.header('www-authenticate', `Bearer realm="token-ledger"`);
    if (exception instanceof TooManyRequestsError) setTooManyRequestsHeaders(reply, exception);
    if (error instanceof ServiceUnavailableError) reply.header('retry-after', String(error.retryAfterSeconds));
    void reply.status(error.status).send(managementErrorBody(error, String(request.id)));
  }
}
