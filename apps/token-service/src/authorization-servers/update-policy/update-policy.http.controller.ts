import { Body, Controller, Param, Put, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { ifMatchOf, managementContext, withEtag } from '../shared/management-request';
import type { OktaAccessPolicy } from '../shared/okta-resources';
import { UpdatePolicyCommand } from './update-policy.command';
import { UpdatePolicyRequestDto } from './update-policy.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiIfMatch, ApiManagementErrors, ETAG_HEADER } from '../shared/management-api.openapi';
import { AccessPolicyResponse, ApiServerParams } from '../shared/okta-resources.response';

/** `PUT /api/v1/authorizationServers/{as}/policies/{policyId}`; honours `If-Match`. */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class UpdatePolicyHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'updatePolicy', summary: 'Replace an access policy' })
  @ApiServerParams('as', 'policyId')
  @ApiIfMatch()
  @ApiBody({ type: UpdatePolicyRequestDto })
  @ApiOkResponse({ type: AccessPolicyResponse, description: 'The access policy.', headers: ETAG_HEADER })
  @ApiManagementErrors(400, 404, 412, 413, 415, 503)
  @Put(':as/policies/:policyId')
  async update(
    @Param('as') as: string,
    @Param('policyId') policyId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<OktaAccessPolicy> {
    const dto = parseBody(UpdatePolicyRequestDto, body);
    const command = new UpdatePolicyCommand(as, policyId, dto, ifMatchOf(request), managementContext(request));
    return withEtag(reply, await this.commandBus.execute(command));
  }
}
