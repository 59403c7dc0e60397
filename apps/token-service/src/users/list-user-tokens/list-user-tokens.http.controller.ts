import { Controller, Get, Header, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { parseBody } from '../../shared/form';
import { RegistryUserTokenContext } from '../shared/user-token-context';
import type { OktaRefreshToken } from '../shared/user-token-resource';
import { ListUserTokensQuery } from './list-user-tokens.query';
import { DEFAULT_USER_TOKENS_PAGE, ListUserTokensRequestDto } from './list-user-tokens.request.dto';
import { ApiManagementErrors, INVALID_QUERY } from '../../authorization-servers/shared/management-api.openapi';
import { ApiUserTokenParams, RefreshTokenResponse } from '../shared/user-token-resource.response';

/**
 * `GET /api/v1/users/{userId}/clients/{clientId}/tokens?expand=scope&limit=&after=` (Okta's
 * "list all refresh tokens for a client"): an array, with Okta's RFC 8288 `Link` headers,
 * `rel="self"` always and `rel="next"` while more pages follow, absolute under the public base URL.
 */
@ApiTags('users')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/users')
@UseGuards(AdminCredentialGuard)
export class ListUserTokensHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly context: RegistryUserTokenContext,
  ) {}

  @ApiOperation({ operationId: 'listUserTokens', summary: 'List the refresh tokens (token families) of a user for a client, a page at a time' })
  @ApiUserTokenParams('userId', 'clientId')
  @ApiQuery({ type: ListUserTokensRequestDto })
  @ApiOkResponse({
    type: [RefreshTokenResponse],
    description: 'A page of refresh tokens.',
    headers: { Link: { description: '`<…>; rel="self"` always, and `<…>; rel="next"` while another page follows (RFC 8288), absolute under the public base URL.', schema: { type: 'string' } } },
  })
  @ApiManagementErrors(INVALID_QUERY)
  @Get(':userId/clients/:clientId/tokens')
  @Header('Cache-Control', 'no-store')
  async list(
    @Param('userId') userId: string,
    @Param('clientId') clientId: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<readonly OktaRefreshToken[]> {
    const dto = parseBody(ListUserTokensRequestDto, { ...(query as object) });
    const limit = dto.limit ?? DEFAULT_USER_TOKENS_PAGE;
    const page = await this.queryBus.execute(new ListUserTokensQuery(userId, clientId, limit, dto.after, dto.expand === 'scope'));
    const [path, search = ''] = request.url.split('?', 2);
    const links = [`<${this.context.baseUrl}${path}${search ? `?${search}` : ''}>; rel="self"`];
    if (page.nextAfter !== null) {
      const params = new URLSearchParams(search);
      params.set('limit', String(limit));
      params.set('after', page.nextAfter);
      links.push(`<${this.context.baseUrl}${path}?${params.toString()}>; rel="next"`);
    }
    void reply.header('link', links);
    return page.tokens;
  }
}
