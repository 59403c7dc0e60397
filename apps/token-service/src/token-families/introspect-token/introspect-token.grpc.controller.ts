import { Controller, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { GrpcCall, requestFields, requireAuthorizationServerId } from '../../grpc/grpc-call';
import { GrpcCredentials } from '../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../grpc/grpc-exception.filter';
import { parseBody } from '../../shared/form';
import { IntrospectTokenQuery, type IntrospectionResponse } from './introspect-token.query';
import { IntrospectTokenRequestDto } from './introspect-token.request.dto';

/** `tokenledger.v1.IntrospectTokenRequest`. */
interface IntrospectTokenRequest {
  readonly authorizationServerId: string;
  readonly token: string;
  readonly tokenTypeHint: string;
}

/** `tokenledger.v1.IntrospectTokenResponse` as the server writes it (camelCase fields). */
interface IntrospectTokenMessage {
  readonly active: boolean;
  readonly scope?: string;
  readonly clientId?: string;
  readonly username?: string;
  readonly tokenType?: string;
  readonly exp?: number;
  readonly iat?: number;
  readonly sub?: string;
  readonly aud?: readonly string[];
  readonly iss?: string;
  readonly jti?: string;
  readonly uid?: string;
  readonly cnf?: { readonly jkt: string };
}

/**
 * `TokenService.IntrospectToken` (RFC 7662) over gRPC: the same query as
 * `POST /oauth2/{as}/v1/introspect`, answered from the event store.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class IntrospectTokenGrpcController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly registry: ConfigurationRegistry,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('TokenService', 'IntrospectToken')
  async introspectToken(request: unknown, metadata: Metadata, rpc: ServerUnaryCall<unknown, unknown>): Promise<IntrospectTokenMessage> {
    const call = GrpcCall.of(metadata, rpc);
    const fields = requestFields<IntrospectTokenRequest>(request);
    const as = requireAuthorizationServerId(fields.authorizationServerId);
    this.registry.requireServer(as);
    const form = parseBody(IntrospectTokenRequestDto, { token: fields.token, token_type_hint: fields.tokenTypeHint });
    const { client } = await this.credentials.authenticateClient(call, { authorizationServerId: as, endpoint: 'introspect' });
    return introspectionMessage(await this.queryBus.execute(new IntrospectTokenQuery(as, client, form.token, call.requestId)));
  }
}

/** RFC 7662's answer as the message: the same members, `aud` always a list. */
function introspectionMessage(answer: IntrospectionResponse): IntrospectTokenMessage {
  const { client_id: clientId, token_type: tokenType, aud, ...same } = answer;
  return {
    ...same,
    ...(clientId !== undefined ? { clientId } : {}),
    ...(tokenType !== undefined ? { tokenType } : {}),
    ...(aud !== undefined ? { aud: typeof aud === 'string' ? [aud] : aud } : {}),
  };
}
