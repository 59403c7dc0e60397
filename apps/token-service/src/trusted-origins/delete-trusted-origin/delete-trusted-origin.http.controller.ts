import { Controller, Delete, HttpCode, Param, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { requestContext } from '../../shared/request-context';
import { DeleteTrustedOriginCommand } from './delete-trusted-origin.command';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ApiTrustedOriginParams } from '../shared/trusted-origin-resource.response';

/** `DELETE /api/v1/trustedOrigins/{id}`: 204, as Okta. */
@ApiTags('trusted-origins')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/trustedOrigins')
@UseGuards(AdminCredentialGuard)
export class DeleteTrustedOriginHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'deleteTrustedOrigin', summary: 'Delete a trusted origin' })
  @ApiTrustedOriginParams('id')
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiManagementErrors(404, 503)
  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id') id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.commandBus.execute(new DeleteTrustedOriginCommand(id, requestContext(request, 'admin:service')));
  }
}
