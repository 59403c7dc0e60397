import { Controller, Get, Param, Res, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { withEtag } from '../shared/management-request';
import type { OktaAccessPolicy } from '../shared/okta-resources';
import { ListPoliciesQuery } from './list-policies.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `GET /api/v1/authorizationServers/{as}/policies`. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class ListPoliciesHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':as/policies')
  async list(@Param('as') as: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<OktaAccessPolicy[]> {
    return withEtag(reply, await this.queryBus.execute(new ListPoliciesQuery(as)));
  }
}
