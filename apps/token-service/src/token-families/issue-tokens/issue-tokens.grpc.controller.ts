import { Controller, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { GrpcCall, requestFields, requireAuthorizationServerId } from '../../grpc/grpc-call';
import { GrpcCredentials } from '../../grpc/grpc-credentials';
import { GrpcExceptionFilter } from '../../grpc/grpc-exception.filter';
import { parseBody } from '../../shared/form';
import { tokenResponseMessage, type TokenResponseMessage } from '../shared/token-response.message';
import { issueTokensCommand } from './issuance-command';
import { IssueTokensRequestDto } from './issue-tokens.request.dto';

/** `tokenledger.v1.IssueTokensRequest`. */
interface IssueTokensRequest {
  readonly authorizationServerId: string;
  readonly clientId: string;
  readonly sub: string;
  readonly scope: string;
  readonly grantType: string;
  readonly groups: readonly string[];
  readonly username: string;
  readonly authTime: number;
  readonly uid: string;
  readonly dpopJkt: string;
}

/**
 * `TokenService.IssueTokens`: issuance for trusted callers (SPEC §6.2) over gRPC, with the
 * admin credential, validated by the HTTP endpoint's DTO and dispatched as the same command.
 */
@Controller()
@UseFilters(GrpcExceptionFilter)
export class IssueTokensGrpcController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly credentials: GrpcCredentials,
  ) {}

  @GrpcMethod('TokenService', 'IssueTokens')
  async issueTokens(request: unknown, metadata: Metadata, rpc: ServerUnaryCall<unknown, unknown>): Promise<TokenResponseMessage> {
    const call = GrpcCall.of(metadata, rpc);
    // The credential first, as the HTTP guard runs before the body is read.
    const { actor } = await this.credentials.authenticate(call, ['admin']);
    const fields = requestFields<IssueTokensRequest>(request);
    const as = requireAuthorizationServerId(fields.authorizationServerId);
    const dto = parseBody(IssueTokensRequestDto, {
      client_id: fields.clientId,
      sub: fields.sub,
      scope: fields.scope,
      grant_type: fields.grantType,
      groups: fields.groups,
      username: fields.username,
      auth_time: fields.authTime,
      uid: fields.uid,
      // proto3 sends '' for an unset string.
      dpop_jkt: fields.dpopJkt || undefined,
    });
    return tokenResponseMessage(await this.commandBus.execute(issueTokensCommand(as, dto, call.requestContext(actor))));
  }
}
