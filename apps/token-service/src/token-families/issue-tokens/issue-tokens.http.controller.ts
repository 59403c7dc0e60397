import { Body, Controller, Header, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { requestContext } from '../../shared/request-context';
import type { TokenResponse } from '../shared/token-response';
import { issueTokensCommand } from './issuance-command';
import { IssueTokensRequestDto } from './issue-tokens.request.dto';

/**
 * Issuance for trusted callers (SPEC §6.2): a login service that authenticated a person asks
 * for a new token family and gets the token endpoint's response.
 */
@Controller('api/v1/authorizationServers/:as/tokens')
@UseGuards(AdminCredentialGuard)
export class IssueTokensHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async issue(@Param('as') as: string, @Req() request: FastifyRequest, @Body() body: unknown): Promise<TokenResponse> {
    const dto = parseBody(IssueTokensRequestDto, body);
    return this.commandBus.execute(issueTokensCommand(as, dto, requestContext(request, 'admin:service')));
  }
}
