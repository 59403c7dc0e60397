import { Controller, Delete, HttpCode, Param, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { requestContext } from '../../shared/request-context';
import { RevokeUserTokenCommand } from './revoke-user-token.command';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ApiUserTokenParams } from '../shared/user-token-resource.response';

/**
 * `DELETE /api/v1/users/{userId}/clients/{clientId}/tokens/{tokenId}` (Okta's "revoke a token
 * for a client"): 204 once the family's `TokenRevoked` is appended; 404 `E0000007` when the id
 * names no refresh token of this user for this client.
 */
@ApiTags('users')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/users')
@UseGuards(AdminCredentialGuard)
export class RevokeUserTokenHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'revokeUserToken', summary: 'Revoke a refresh token (its whole family) of a user for a client' })
  @ApiUserTokenParams('userId', 'clientId', 'tokenId')
  @ApiNoContentResponse({ description: 'Revoked (or already revoked).' })
  @ApiManagementErrors({ status: 404, description: '`E0000007`: no refresh token of this user for this client has that id.' }, 503)
  @Delete(':userId/clients/:clientId/tokens/:tokenId')
  @HttpCode(204)
  async revoke(
    @Param('userId') userId: string,
    @Param('clientId') clientId: string,
    @Param('tokenId') tokenId: string,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.commandBus.execute(new RevokeUserTokenCommand(userId, clientId, tokenId, requestContext(request, 'admin:service')));
  }
}
