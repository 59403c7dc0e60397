import { Controller, Get, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import type { OktaAuthorizationServer } from '../shared/okta-resources';
import { ListAuthorizationServersQuery } from './list-authorization-servers.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors } from '../shared/management-api.openapi';
import { AuthorizationServerResponse } from '../shared/okta-resources.response';

/** `GET /api/v1/authorizationServers`. */
@ApiTags('authorization-servers')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers')
@UseGuards(AdminCredentialGuard)
export class ListAuthorizationServersHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @ApiOperation({ operationId: 'listAuthorizationServers', summary: 'List the authorization servers' })
  @ApiOkResponse({ type: [AuthorizationServerResponse], description: 'Every authorization server.' })
  @ApiManagementErrors()
  @Get()
  list(): Promise<OktaAuthorizationServer[]> {
    return this.queryBus.execute(new ListAuthorizationServersQuery());
  }
}
