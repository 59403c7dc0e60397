import { Controller, Get, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import type { OktaAuthorizationServer } from '../shared/okta-resources';
import { ListAuthorizationServersQuery } from './list-authorization-servers.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `GET /api/v1/authorizationServers`. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class ListAuthorizationServersHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  list(): Promise<OktaAuthorizationServer[]> {
    return this.queryBus.execute(new ListAuthorizationServersQuery());
  }
}
