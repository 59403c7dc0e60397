import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  InvalidRequestError,
  MethodNotAllowedError,
  NotFoundError,
  OAuthError,
  PayloadTooLargeError,
  ServerError,
  setTooManyRequestsHeaders,
  TemporarilyUnavailableError,
  TooManyRequestsError,
  UnsupportedMediaTypeError,
  UseDpopNonceError,
} from './oauth-errors';

/**
 * Maps every error raised on the OAuth side (ours, Nest's and Fastify's own parser errors) to an
 * RFC 6749 §5.2 JSON body. Unknown errors collapse to `server_error` and are logged with their
 * stack; their messages never reach the client. The management API has its own filter
 * (`ManagementExceptionFilter`); `HttpExceptionFilter` picks one for requests no controller got.
 */
@Catch()
export class OAuthExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('OAuthError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const error = toOAuthError(exception);
    if (error instanceof ServerError) {
      this.logger.error({ msg: 'unhandled error', requestId: request.id, url: request.routeOptions?.url }, (exception as Error)?.stack);
    } else {
      this.logger.debug?.({ msg: 'request refused', requestId: request.id, error: error.code, reason: error.reason, detail: error.detail });
    }
    (reply as FastifyReply & { oauthError?: OAuthError }).oauthError = error;
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    if (error.status === 401 && error.code === 'invalid_client') {
      reply.header('www-authenticate', `Basic realm="token-ledger", error="invalid_client"`);
    } else if (error.status === 401) {
      reply.header('www-authenticate', `Bearer realm="token-ledger"`);
    } else if (error instanceof MethodNotAllowedError) {
      reply.header('allow', error.allow.join(', '));
    } else if (error instanceof TooManyRequestsError) {
      setTooManyRequestsHeaders(reply, error);
    } else if (error instanceof UseDpopNonceError) {
      reply.header('dpop-nonce', error.nonce);
    } else if (error instanceof TemporarilyUnavailableError) {
      reply.header('retry-after', String(error.retryAfterSeconds));
    }
    void reply.status(error.status).send({ error: error.code, error_description: error.errorDescription });
  }
}

/** Translates anything thrown into an OAuthError. */
export function toOAuthError(exception: unknown): OAuthError {
  if (exception instanceof OAuthError) return exception;
  const code = (exception as { code?: unknown })?.code;
  const statusCode = (exception as { statusCode?: unknown })?.statusCode;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || statusCode === 413) {
    return new PayloadTooLargeError('The request body is too large.', 'body_too_large');
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || statusCode === 415) {
    return new UnsupportedMediaTypeError('Unsupported content type: use application/x-www-form-urlencoded.', 'unsupported_media_type');
  }
  if (typeof code === 'string' && code.startsWith('FST_ERR_CTP') ) {
    return new InvalidRequestError('The request body could not be parsed.', 'malformed_body');
  }
  if (code === 'concurrency_retries_exhausted' || code === 'event_store_unavailable') {
    return new TemporarilyUnavailableError('The service is busy; retry the request.', code);
  }
  if (exception instanceof HttpException) {
    // Nest wraps Fastify's own parser errors (body too large, unsupported media type) as plain
    // HttpExceptions carrying only the status, so the status is what is left to map.
    const status = exception.getStatus();
    if (status === 404) return new NotFoundError('Not found.', 'route_not_found');
    if (status === 413) return new PayloadTooLargeError('The request body is too large.', 'body_too_large');
    if (status === 415) {
      return new UnsupportedMediaTypeError('Unsupported content type: use application/x-www-form-urlencoded.', 'unsupported_media_type');
    }
    // A fixed description: framework messages are not part of the API and may echo input.
    if (status < 500) return new InvalidRequestError('The request is malformed.', 'http_exception', exception.message);
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new InvalidRequestError('The request is malformed.', 'malformed_request');
  }
  return new ServerError('The server encountered an unexpected error.');
}
