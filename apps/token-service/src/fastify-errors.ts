import type { ArgumentsHost } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { HttpExceptionFilter } from './http-exception.filter';

const filter = new HttpExceptionFilter();

/**
 * Fastify answers some errors itself, before any hook or Nest filter runs, with its own JSON
 * that echoes the path (`'/oauth2/%E0…' is not a valid url component`): a path parameter that
 * does not decode (`FST_ERR_BAD_URL`) or is over the router's length limit
 * (`FST_ERR_MAX_PARAM_LENGTH`). `frameworkErrors` hands them to the global filter instead, so
 * they take the format of their prefix (OAuth or management) and echo nothing.
 */
function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  filter.catch(error, hostOf(request, reply));
}

function hostOf(request: FastifyRequest, reply: FastifyReply): ArgumentsHost {
  const http = { getRequest: () => request, getResponse: () => reply, getNext: () => undefined };
  return { switchToHttp: () => http, getType: () => 'http', getArgs: () => [request, reply], getArgByIndex: (i: number) => [request, reply][i] } as unknown as ArgumentsHost;
}

/**
 * Node's HTTP parser refuses a request before Fastify sees one (header fields over
 * `maxHeaderSize`, 16 KiB by default: 431; bytes that are not HTTP: 400; the request timeout:
 * 408). Fastify then writes its own JSON on the socket and closes it; this writes the same
 * status with an RFC 6749 §5.2 body instead. No path is known at this point (the request line
 * may not even have been read), so the OAuth body is the answer on every path, the management
 * API's included.
 */
function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, description] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ['431 Request Header Fields Too Large', 'The request header fields are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['408 Request Timeout', 'The request was not received in time.']
        : ['400 Bad Request', 'The request is malformed.'];
  const body = JSON.stringify({ error: 'invalid_request', error_description: description });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Cache-Control: no-store\r\nPragma: no-cache\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** The Fastify server options that route Fastify's and Node's own error answers through the OAuth/management formats. */
export const FASTIFY_ERROR_OPTIONS = { frameworkErrors, clientErrorHandler } as const;
