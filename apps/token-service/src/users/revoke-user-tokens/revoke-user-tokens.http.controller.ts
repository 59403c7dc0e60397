import { Controller, Delete, HttpCode, Param, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { RevokeSubjectTokensCommand } from '../../ops/revoke-subject-tokens/revoke-subject-tokens.command';
import { requestContext } from '../../shared/request-context';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ApiUserTokenParams } from '../shared/user-token-resource.response';

/**
 * `DELETE /api/v1/users/{userId}/clients/{clientId}/tokens` (Okta's "revoke all refresh tokens
 * for a client"): the ops revoke-all of the subject restricted to the client, so the same path
 * (projection caught up first, then `TokenRevoked` with reason `admin` on every active family,
 * through the decider). 204 once every revocation is appended; idempotent.
 */
@ApiTags('users')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/users')
@UseGuards(AdminCredentialGuard)
export class RevokeUserTokensHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'revokeUserTokens', summary: 'Revoke every refresh token of a user for a client' })
  @ApiUserTokenParams('userId', 'clientId')
  @ApiNoContentResponse({ description: 'Every active family revoked; idempotent.' })
  @ApiManagementErrors({ status: 503, description: '`E0000010`: the ledger failed verification, or the families projection did not catch up in time; retry.' })
  @Delete(':userId/clients/:clientId/tokens')
  @HttpCode(204)
  async revokeAll(@Param('userId') userId: string, @Param('clientId') clientId: string, @Req() request: FastifyRequest): Promise<void> {
    await this.commandBus.execute(new RevokeSubjectTokensCommand(userId, clientId, 'admin', requestContext(request, 'admin:service')));
  }
}
