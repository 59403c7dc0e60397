import { Body, Controller, Header, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { requestContext } from '../../shared/request-context';
import { TokenResponseDto, type TokenResponse } from '../shared/token-response';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAdminSecurity, ApiAuthorizationServerParam } from '../../openapi/api-docs';
import { ApiOAuthErrors } from '../../oauth-errors/oauth-error.schema';
import { issueTokensCommand } from './issuance-command';
import { IssueTokensRequestDto } from './issue-tokens.request.dto';

/**
 * Issuance for trusted callers (SPEC §6.2): a login service that authenticated a person asks
 * for a new token family and gets the token endpoint's response.
 */
@ApiTags('oauth')
@Controller('api/v1/authorizationServers/:as/tokens')
@UseGuards(AdminCredentialGuard)
export class IssueTokensHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ operationId: 'issueTokens', summary: 'Start a token family for a person a trusted login service authenticated (issuance API)' })
  @ApiAuthorizationServerParam()
  @ApiAdminSecurity()
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ type: IssueTokensRequestDto })
  @ApiOkResponse({ type: TokenResponseDto, description: "The token endpoint's response for the new family" })
  @ApiOAuthErrors(400, 401, 404, 413, 415, 429, 503)
  async issue(@Param('as') as: string, @Req() request: FastifyRequest, @Body() body: unknown): Promise<TokenResponse> {
    const dto = parseBody(IssueTokensRequestDto, body);
    return this.commandBus.execute(issueTokensCommand(as, dto, requestContext(request, 'admin:service')));
  }
}
