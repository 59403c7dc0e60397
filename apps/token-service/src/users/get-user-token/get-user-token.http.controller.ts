import { Controller, Get, Header, Param, Query, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { parseBody } from '../../shared/form';
import type { OktaRefreshToken } from '../shared/user-token-resource';
import { GetUserTokenQuery } from './get-user-token.query';
import { GetUserTokenRequestDto } from './get-user-token.request.dto';
import { ApiManagementErrors, INVALID_QUERY } from '../../authorization-servers/shared/management-api.openapi';
import { ApiUserTokenParams, RefreshTokenResponse } from '../shared/user-token-resource.response';

/** `GET /api/v1/users/{userId}/clients/{clientId}/tokens/{tokenId}?expand=scope` (Okta's "retrieve a refresh token for a client"). */
@ApiTags('users')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/users')
@UseGuards(AdminCredentialGuard)
export class GetUserTokenHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @ApiOperation({ operationId: 'getUserToken', summary: 'Read a refresh token (token family) of a user for a client' })
  @ApiUserTokenParams('userId', 'clientId', 'tokenId')
  @ApiQuery({ type: GetUserTokenRequestDto })
  @ApiOkResponse({ type: RefreshTokenResponse, description: 'The refresh token.' })
  @ApiManagementErrors(INVALID_QUERY, { status: 404, description: '`E0000007`: no refresh token of this user for this client has that id.' })
  @Get(':userId/clients/:clientId/tokens/:tokenId')
  @Header('Cache-Control', 'no-store')
  get(
    @Param('userId') userId: string,
    @Param('clientId') clientId: string,
    @Param('tokenId') tokenId: string,
    @Query() query: unknown,
  ): Promise<OktaRefreshToken> {
    const dto = parseBody(GetUserTokenRequestDto, { ...(query as object) });
    return this.queryBus.execute(new GetUserTokenQuery(userId, clientId, tokenId, dto.expand === 'scope'));
  }
}
