import { Controller, Delete, HttpCode, Param, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { requestContext } from '../../shared/request-context';
import { DeleteTrustedOriginCommand } from './delete-trusted-origin.command';

/** `DELETE /api/v1/trustedOrigins/{id}`: 204, as Okta. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/trustedOrigins')
@UseGuards(AdminCredentialGuard)
export class DeleteTrustedOriginHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Delete(':id')
  @HttpCode(204)
  async delete(@Param('id') id: string, @Req() request: FastifyRequest): Promise<void> {
    await this.commandBus.execute(new DeleteTrustedOriginCommand(id, requestContext(request, 'admin:service')));
  }
}
