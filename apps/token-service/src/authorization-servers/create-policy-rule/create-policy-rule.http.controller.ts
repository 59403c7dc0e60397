import { Body, Controller, HttpCode, Param, Post, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { managementContext, withEtag } from '../shared/management-request';
import { OktaResourceMapper, type OktaPolicyRule } from '../shared/okta-resources';
import { CreatePolicyRuleCommand } from './create-policy-rule.command';
import { CreatePolicyRuleRequestDto } from './create-policy-rule.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors, ETAG_HEADER, LOCATION_HEADER } from '../shared/management-api.openapi';
import { ApiServerParams, PolicyRuleResponse } from '../shared/okta-resources.response';

/** `POST .../{as}/policies/{policyId}/rules`: 201 with the rule, `Location` and `ETag`. */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class CreatePolicyRuleHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly okta: OktaResourceMapper,
  ) {}

  @ApiOperation({ operationId: 'createPolicyRule', summary: 'Create a rule in an access policy' })
  @ApiServerParams('as', 'policyId')
  @ApiBody({ type: CreatePolicyRuleRequestDto })
  @ApiCreatedResponse({ type: PolicyRuleResponse, description: 'The policy rule.', headers: { ...LOCATION_HEADER, ...ETAG_HEADER } })
  @ApiManagementErrors(400, 404, 409, 413, 415, 503)
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
