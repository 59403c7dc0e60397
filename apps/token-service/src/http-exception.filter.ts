import { ArgumentsHost, Catch, ExceptionFilter, NotFoundException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { allowedMethods } from './allowed-methods';
import { ManagementExceptionFilter } from './management-errors/management-exception.filter';
import { isManagementRequest } from './management-errors/to-management-error';
import { MethodNotAllowedError } from './oauth-errors/oauth-errors';
import { OAuthExceptionFilter } from './oauth-errors/oauth-exception.filter';

/**
 * The global filter, for errors that no controller's own filter rendered: on the OAuth
 * controllers, and before any controller is reached (an unknown route, a body Fastify's parser
 * refused, whose errors Nest hands to global filters only). Management controllers bind
 * `ManagementExceptionFilter` themselves; a request under their prefix that never reached one
 * gets the same format here. A path the router has for other methods only is a 405 with
 * `Allow`, not a 404.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly oauth = new OAuthExceptionFilter();
  private readonly management = new ManagementExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    if (isManagementRequest(request.url)) {
      this.management.catch(exception, host);
      return;
    }
    const allow = exception instanceof NotFoundException ? allowedMethods(request) : [];
    this.oauth.catch(allow.length > 0 ? new MethodNotAllowedError(allow) : exception, host);
  }
}
