import { Controller, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { GrpcCall, requestFields, requireAuthorizationServerId } from '../../grpc/grpc-call';
import { GrpcCredentials } from '../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../grpc/grpc-exception.filter';
import { parseBody } from '../../shared/form';
import { RevokeTokenCommand } from './revoke-token.command';
import { RevokeTokenRequestDto } from './revoke-token.request.dto';

/** `tokenledger.v1.RevokeTokenRequest`. */
interface RevokeTokenRequest {
  readonly authorizationServerId: string;
  readonly token: string;
  readonly tokenTypeHint: string;
}

/**
 * `TokenService.RevokeToken` (RFC 7009) over gRPC: the same command as
 * `POST /oauth2/{as}/v1/revoke`, so a refresh token revokes its family (`TokenRevoked`), an
 * access token itself (`AccessTokenRevoked`), another client's token is INVALID_ARGUMENT, and
 * an unknown token changes nothing and still succeeds.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class RevokeTokenGrpcController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly registry: ConfigurationRegistry,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('TokenService', 'RevokeToken')
  async revokeToken(request: unknown, metadata: Metadata, rpc: ServerUnaryCall<unknown, unknown>): Promise<Record<string, never>> {
    const call = GrpcCall.of(metadata, rpc);
    const fields = requestFields<RevokeTokenRequest>(request);
    const as = requireAuthorizationServerId(fields.authorizationServerId);
    this.registry.requireServer(as);
    const form = parseBody(RevokeTokenRequestDto, { token: fields.token, token_type_hint: fields.tokenTypeHint });
    const { client, actor } = await this.credentials.authenticateClient(call, { authorizationServerId: as, endpoint: 'revoke' });
    await this.commandBus.execute(new RevokeTokenCommand(as, client, form.token, call.requestContext(actor)));
    return {};
  }
}
