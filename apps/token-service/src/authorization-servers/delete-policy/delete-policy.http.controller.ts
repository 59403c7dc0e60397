import { Controller, Delete, HttpCode, Param, Req, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ifMatchOf, managementContext } from '../shared/management-request';
import { DeletePolicyCommand } from './delete-policy.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `DELETE /api/v1/authorizationServers/{as}/policies/{policyId}`: 204; honours `If-Match`. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class DeletePolicyHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Delete(':as/policies/:policyId')
  @HttpCode(204)
  async delete(@Param('as') as: string, @Param('policyId') policyId: string, @Req() request: FastifyRequest): Promise<void> {
    await this.commandBus.execute(new DeletePolicyCommand(as, policyId, ifMatchOf(request), managementContext(request)));
  }
}
