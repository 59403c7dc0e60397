import { Controller, Delete, HttpCode, Param, Req, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { requestContext } from '../../shared/request-context';
import { DeleteClientCommand } from './delete-client.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ApiClientParams } from '../shared/client-resource.response';

/** `DELETE /api/v1/clients/{clientId}` (RFC 7592 §2.3): 204, and every family of the client revoked. */
@ApiTags('clients')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class DeleteClientHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'deleteClient', summary: 'Delete a client and revoke every token family it holds (its id is never reused)' })
  @ApiClientParams('clientId')
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiManagementErrors(404, 503)
  @Delete(':clientId')
  @HttpCode(204)
  async delete(@Param('clientId') clientId: string, @Req() request: FastifyRequest): Promise<void> {
    await this.commandBus.execute(new DeleteClientCommand(clientId, requestContext(request, 'admin:service')));
  }
}
