import { Controller, Delete, HttpCode, Param, Query, Req, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { requestContext } from '../../shared/request-context';
import { RevokeSubjectTokensCommand } from './revoke-subject-tokens.command';
import { RevokeSubjectTokensRequestDto } from './revoke-subject-tokens.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

import { ApiNoContentResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAdminSecurity } from '../../openapi/api-docs';
import { ApiManagementErrors } from '../../management-errors/management-error.schema';
/**
 * `DELETE /api/v1/users/{sub}/tokens?client_id=&reason=` (SPEC §6.3; Okta's "revoke all
 * tokens for a user"): 204 once every active family of the subject (of that client, if given)
 * is revoked. Idempotent: calling it again appends nothing.
 */
// Okta's user-token API, with the other /api/v1/users routes.
@ApiTags('users')
@ApiAdminSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/users')
@UseGuards(AdminCredentialGuard)
export class RevokeSubjectTokensHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Delete(':sub/tokens')
  @HttpCode(204)
  @ApiOperation({ operationId: 'revokeSubjectTokens', summary: "Revoke every active token family of a subject (of one client, if given)" })
  @ApiParam({ name: 'sub', description: 'The subject' })
  @ApiQuery({ name: 'client_id', required: false, description: "Only this client's families" })
  @ApiQuery({ name: 'reason', required: false, enum: ['admin', 'user_logout'], description: 'Recorded on each revocation; `admin` by default' })
  @ApiNoContentResponse({ description: 'Every active family is revoked (idempotent)' })
  @ApiManagementErrors(400, 503)
  async revokeAll(@Param('sub') sub: string, @Query() query: unknown, @Req() request: FastifyRequest): Promise<void> {
    const dto = parseBody(RevokeSubjectTokensRequestDto, { ...(query as object) });
    await this.commandBus.execute(
      new RevokeSubjectTokensCommand(sub, dto.client_id, dto.reason ?? 'admin', requestContext(request, 'admin:service')),
    );
  }
}
