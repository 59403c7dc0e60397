import { InvalidRequestError } from '../../oauth-errors/oauth-errors';
import { parseScope } from '../../shared/form';
import type { RequestContext } from '../../shared/request-context';
import { IssueTokensCommand } from './issue-tokens.command';
import type { IssueTokensRequestDto } from './issue-tokens.request.dto';

/**
 * The command a validated issuance request asks for, on HTTP and gRPC alike. A family is
 * issued for the grant the login service completed (`authorization_code` unless it says
 * otherwise), never for `refresh_token`.
 */
export function issueTokensCommand(authorizationServerId: string, dto: IssueTokensRequestDto, context: RequestContext): IssueTokensCommand {
  const grantType = dto.grant_type ?? 'authorization_code';
  if (grantType === 'refresh_token') {
    throw new InvalidRequestError('A family is issued for the grant the caller completed, not refresh_token.', 'invalid_grant_type');
  }
  return new IssueTokensCommand(authorizationServerId, dto.client_id, dto.sub, parseScope(dto.scope) ?? [], grantType, context, {
    groups: dto.groups,
    username: dto.username,
    authTime: dto.auth_time,
    userId: dto.uid,
    // The key the login service verified the client's proof with (RFC 9449 §10 `dpop_jkt`).
    ...(dto.dpop_jkt !== undefined ? { dpopJkt: dto.dpop_jkt } : {}),
  });
}
