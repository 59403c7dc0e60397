import { Controller, Delete, HttpCode, Param, Req, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ifMatchOf, managementContext } from '../shared/management-request';
import { DeletePolicyRuleCommand } from './delete-policy-rule.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiIfMatch, ApiManagementErrors, INVALID_IF_MATCH } from '../shared/management-api.openapi';
import { ApiServerParams } from '../shared/okta-resources.response';

/** `DELETE .../{as}/policies/{policyId}/rules/{ruleId}`: 204; honours `If-Match`. */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class DeletePolicyRuleHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'deletePolicyRule', summary: 'Delete a policy rule' })
  @ApiServerParams('as', 'policyId', 'ruleId')
  @ApiIfMatch()
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiManagementErrors(INVALID_IF_MATCH, 404, 412, 503)
  @Delete(':as/policies/:policyId/rules/:ruleId')
  @HttpCode(204)
  async delete(
    @Param('as') as: string,
    @Param('policyId') policyId: string,
    @Param('ruleId') ruleId: string,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.commandBus.execute(new DeletePolicyRuleCommand(as, policyId, ruleId, ifMatchOf(request), managementContext(request)));
  }
}
