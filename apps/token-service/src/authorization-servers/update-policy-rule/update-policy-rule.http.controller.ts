import { Body, Controller, Param, Put, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { ifMatchOf, managementContext, withEtag } from '../shared/management-request';
import type { OktaPolicyRule } from '../shared/okta-resources';
import { UpdatePolicyRuleCommand } from './update-policy-rule.command';
import { UpdatePolicyRuleRequestDto } from './update-policy-rule.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiIfMatch, ApiManagementErrors, ETAG_HEADER } from '../shared/management-api.openapi';
import { ApiServerParams, PolicyRuleResponse } from '../shared/okta-resources.response';

/** `PUT .../{as}/policies/{policyId}/rules/{ruleId}`; honours `If-Match`. */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class UpdatePolicyRuleHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'updatePolicyRule', summary: 'Replace a policy rule' })
  @ApiServerParams('as', 'policyId', 'ruleId')
  @ApiIfMatch()
  @ApiBody({ type: UpdatePolicyRuleRequestDto })
  @ApiOkResponse({ type: PolicyRuleResponse, description: 'The policy rule.', headers: ETAG_HEADER })
  @ApiManagementErrors(400, 404, 412, 413, 415, 503)
  @Put(':as/policies/:policyId/rules/:ruleId')
  async update(
    @Param('as') as: string,
    @Param('policyId') policyId: string,
    @Param('ruleId') ruleId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<OktaPolicyRule> {
    const dto = parseBody(UpdatePolicyRuleRequestDto, body);
    const command = new UpdatePolicyRuleCommand(as, policyId, ruleId, dto, ifMatchOf(request), managementContext(request));
    return withEtag(reply, await this.commandBus.execute(command));
  }
}
