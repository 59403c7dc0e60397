import { Body, Controller, HttpCode, Param, Post, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { managementContext, withEtag } from '../shared/management-request';
import { OktaResourceMapper, type OktaPolicyRule } from '../shared/okta-resources';
import { CreatePolicyRuleCommand } from './create-policy-rule.command';
import { CreatePolicyRuleRequestDto } from './create-policy-rule.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `POST .../{as}/policies/{policyId}/rules`: 201 with the rule, `Location` and `ETag`. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class CreatePolicyRuleHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly okta: OktaResourceMapper,
  ) {}

  @Post(':as/policies/:policyId/rules')
  @HttpCode(201)
  async create(
    @Param('as') as: string,
    @Param('policyId') policyId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<OktaPolicyRule> {
    const dto = parseBody(CreatePolicyRuleRequestDto, body);
    const created = await this.commandBus.execute(new CreatePolicyRuleCommand(as, policyId, dto, managementContext(request)));
    void reply.header('location', this.okta.ruleHref(as, policyId, created.resource.id));
    return withEtag(reply, created);
  }
}
