import { Body, Controller, HttpCode, Param, Post, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { managementContext, withEtag } from '../shared/management-request';
import { OktaResourceMapper, type OktaAccessPolicy } from '../shared/okta-resources';
import { CreatePolicyCommand } from './create-policy.command';
import { CreatePolicyRequestDto } from './create-policy.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `POST /api/v1/authorizationServers/{as}/policies`: 201 with the policy, `Location` and `ETag`. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class CreatePolicyHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly okta: OktaResourceMapper,
  ) {}

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
