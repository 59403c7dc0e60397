import { Controller, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { GrpcCall, requestFields, requireAuthorizationServerId } from '../../grpc/grpc-call';
import { GrpcCredentials } from '../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../grpc/grpc-exception.filter';
import { clientCredentialsScopes, refuseDpopBoundClientOnGrpc, requireGrantAllowed } from '../token-endpoint/grant-checks';
import { TokenRequestDto } from '../token-endpoint/token-request.dto';
import { parseBody, parseScope } from '../../shared/form';
import { tokenResponseMessage, type TokenResponseMessage } from '../shared/token-response.message';
import { IssueTokensCommand } from './issue-tokens.command';

/** `tokenledger.v1.ClientCredentialsRequest`. */
interface ClientCredentialsRequest {
  readonly authorizationServerId: string;
  readonly scope: string;
}

/**
 * `TokenService.IssueClientCredentialsToken`: the token endpoint's client_credentials grant
 * over gRPC, with the same checks (shared in `oauth/grant-checks.ts`) and the same command.
 *
 * @see RFC 6749 §4.4
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class ClientCredentialsGrpcController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly registry: ConfigurationRegistry,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('TokenService', 'IssueClientCredentialsToken')
  async issueClientCredentialsToken(request: unknown, metadata: Metadata, rpc: ServerUnaryCall<unknown, unknown>): Promise<TokenResponseMessage> {
    const call = GrpcCall.of(metadata, rpc);
    const fields = requestFields<ClientCredentialsRequest>(request);
    const as = requireAuthorizationServerId(fields.authorizationServerId);
    this.registry.requireServer(as);
    const form = parseBody(TokenRequestDto, { grant_type: 'client_credentials', scope: fields.scope });
    const { client, actor } = await this.credentials.authenticateClient(call, { authorizationServerId: as, endpoint: 'token' });
    requireGrantAllowed(client, 'client_credentials');
    refuseDpopBoundClientOnGrpc(client);
    const scopes = clientCredentialsScopes(client, parseScope(form.scope));
    const command = new IssueTokensCommand(as, client.clientId, client.clientId, scopes, 'client_credentials', call.requestContext(actor));
    return tokenResponseMessage(await this.commandBus.execute(command));
  }
}
