import { Body, Controller, HttpCode, Param, Post, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { managementContext, withEtag } from '../shared/management-request';
import { OktaResourceMapper, type OktaAccessPolicy } from '../shared/okta-resources';
import { CreatePolicyCommand } from './create-policy.command';
import { CreatePolicyRequestDto } from './create-policy.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors, ETAG_HEADER, LOCATION_HEADER } from '../shared/management-api.openapi';
import { AccessPolicyResponse, ApiServerParams } from '../shared/okta-resources.response';

/** `POST /api/v1/authorizationServers/{as}/policies`: 201 with the policy, `Location` and `ETag`. */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class CreatePolicyHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly okta: OktaResourceMapper,
  ) {}

  @ApiOperation({ operationId: 'createPolicy', summary: 'Create an access policy on an authorization server' })
  @ApiServerParams('as')
  @ApiBody({ type: CreatePolicyRequestDto })
  @ApiCreatedResponse({ type: AccessPolicyResponse, description: 'The access policy.', headers: { ...LOCATION_HEADER, ...ETAG_HEADER } })
  @ApiManagementErrors(400, 404, 409, 413, 415, 503)
  @Post(':as/policies')
  @HttpCode(201)
  async create(
    @Param('as') as: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<OktaAccessPolicy> {
    const dto = parseBody(CreatePolicyRequestDto, body);
    const created = await this.commandBus.execute(new CreatePolicyCommand(as, dto, managementContext(request)));
    void reply.header('location', this.okta.policyHref(as, created.resource.id));
    return withEtag(reply, created);
  }
}
