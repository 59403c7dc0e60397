import { Body, Controller, Param, Put, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { ifMatchOf, managementContext, withEtag } from '../shared/management-request';
import type { OktaAccessPolicy } from '../shared/okta-resources';
import { UpdatePolicyCommand } from './update-policy.command';
import { UpdatePolicyRequestDto } from './update-policy.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `PUT /api/v1/authorizationServers/{as}/policies/{policyId}`; honours `If-Match`. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class UpdatePolicyHttpController {
  constructor(private readonly commandBus: CommandBus) {}

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
