import { Controller, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { GrpcCall, requestFields, requireAuthorizationServerId } from '../../grpc/grpc-call';
import { GrpcCredentials } from '../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../grpc/grpc-exception.filter';
import { refuseDpopBoundClientOnGrpc, requireGrantAllowed } from '../token-endpoint/grant-checks';
import { TokenRequestDto } from '../token-endpoint/token-request.dto';
import { InvalidRequestError } from '../../oauth-errors/oauth-errors';
import { parseBody, parseScope } from '../../shared/form';
import { tokenResponseMessage, type TokenResponseMessage } from '../shared/token-response.message';
import { RefreshTokenCommand } from './refresh-token.command';

/** `tokenledger.v1.RefreshTokensRequest`. */
interface RefreshTokensRequest {
  readonly authorizationServerId: string;
  readonly refreshToken: string;
  readonly scope: string;
}

/**
 * `TokenService.RefreshTokens`: the token endpoint's refresh_token grant over gRPC, step for
 * step (server, body, client authentication, grant allowed, then {@link RefreshTokenCommand}),
 * so rotation, leeway retries and reuse detection append the same events as on HTTP, and count
 * in the same refresh-outcome metric.
 *
 * @see RFC 6749 §6
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class RefreshTokenGrpcController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly registry: ConfigurationRegistry,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('TokenService', 'RefreshTokens')
  async refreshTokens(request: unknown, metadata: Metadata, rpc: ServerUnaryCall<unknown, unknown>): Promise<TokenResponseMessage> {
    const call = GrpcCall.of(metadata, rpc);
    const fields = requestFields<RefreshTokensRequest>(request);
    const as = requireAuthorizationServerId(fields.authorizationServerId);
    this.registry.requireServer(as);
    const form = parseBody(TokenRequestDto, { grant_type: 'refresh_token', refresh_token: fields.refreshToken, scope: fields.scope });
    const { client, actor } = await this.credentials.authenticateClient(call, { authorizationServerId: as, endpoint: 'token' });
    requireGrantAllowed(client, 'refresh_token');
    refuseDpopBoundClientOnGrpc(client);
    if (form.refresh_token === undefined) {
      throw new InvalidRequestError("The 'refresh_token' parameter is required.", 'missing_refresh_token');
    }
    const command = new RefreshTokenCommand(as, client, form.refresh_token, parseScope(form.scope), call.requestContext(actor));
    return tokenResponseMessage(await this.commandBus.execute(command));
  }
}
