import { Body, Controller, Param, Put, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { ifMatchOf, managementContext, withEtag } from '../shared/management-request';
import type { OktaPolicyRule } from '../shared/okta-resources';
import { UpdatePolicyRuleCommand } from './update-policy-rule.command';
import { UpdatePolicyRuleRequestDto } from './update-policy-rule.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `PUT .../{as}/policies/{policyId}/rules/{ruleId}`; honours `If-Match`. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class UpdatePolicyRuleHttpController {
  constructor(private readonly commandBus: CommandBus) {}

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
