import { Catch, Logger, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { throwError, type Observable } from 'rxjs';
import { REQUEST_ID_KEY } from './grpc-call';
import { grpcFailureOf, toServiceError, type GrpcServiceError } from './grpc-errors';

/**
 * Turns anything a gRPC handler throws (or its stream emits) into the call's status, with the
 * `ErrorInfo` trailer (see {@link grpcFailureOf}). Logs a refusal at info with its private
 * reason (`msg: 'request refused'`, the line HTTP's exception filter writes at debug, next to
 * its request log line at info; gRPC has no request log line), an unexpected
 * failure at error with its stack, which never reaches the caller. Successful calls are not
 * logged, as successful OAuth requests are not at `info`.
 */
@Catch()
export class GrpcExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('GrpcError');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const [, metadata, call] = host.getArgs<[unknown, Metadata | undefined, { getPath?: () => string } | undefined]>();
    const requestId = metadata?.get(REQUEST_ID_KEY)[0];
    const rpc = call?.getPath?.();
    const failure = grpcFailureOf(exception);
    if (failure.errorInfo === null) {
      this.logger.error({ msg: 'unhandled error', requestId, rpc }, (exception as Error | undefined)?.stack);
    } else {
      // The private reason goes to the log only.
      this.logger.log({ msg: 'request refused', requestId, rpc, grpcCode: failure.code, ...failure.log });
    }
    return throwError((): GrpcServiceError => toServiceError(failure));
  }
}
