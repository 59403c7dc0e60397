import { Controller, Delete, HttpCode, Param, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { requestContext } from '../../shared/request-context';
import { RevokeUserTokenCommand } from './revoke-user-token.command';

/**
 * `DELETE /api/v1/users/{userId}/clients/{clientId}/tokens/{tokenId}` (Okta's "revoke a token
 * for a client"): 204 once the family's `TokenRevoked` is appended; 404 `E0000007` when the id
 * names no refresh token of this user for this client.
 */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/users')
@UseGuards(AdminCredentialGuard)
export class RevokeUserTokenHttpController {
  constructor(private readonly commandBus: CommandBus) {}

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
