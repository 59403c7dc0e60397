import { Controller, Delete, HttpCode, Param, Req, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ifMatchOf, managementContext } from '../shared/management-request';
import { DeleteAuthorizationServerCommand } from './delete-authorization-server.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiIfMatch, ApiManagementErrors, INVALID_IF_MATCH } from '../shared/management-api.openapi';
import { ApiServerParams } from '../shared/okta-resources.response';

/** `DELETE /api/v1/authorizationServers/{as}`: 204, as Okta; honours `If-Match`. */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class DeleteAuthorizationServerHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'deleteAuthorizationServer', summary: 'Delete an authorization server with its policies and rules (its id is never reused)' })
  @ApiServerParams('as')
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiManagementErrors(INVALID_IF_MATCH, 404, { status: 409, description: '`E0000001`: the server is declared in the bootstrap file under `LEDGER_BOOTSTRAP_MODE=enforce`.' }, 412, 503)
  @Delete(':as')
  @HttpCode(204)
  async delete(@Param('as') as: string, @Req() request: FastifyRequest): Promise<void> {
    await this.commandBus.execute(new DeleteAuthorizationServerCommand(as, ifMatchOf(request), managementContext(request)));
  }
}
