import { Controller, Get, Header, Param, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import type { OktaUserClient } from '../shared/user-token-resource';
import { ListUserClientsQuery } from './list-user-clients.query';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ApiUserTokenParams, UserClientResponse } from '../shared/user-token-resource.response';

/**
 * `GET /api/v1/users/{userId}/clients` (Okta's "list all clients" of a user): the clients the
 * subject holds a usable refresh token of, in client-id order, as one unpaged array.
 */
@ApiTags('users')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/users')
@UseGuards(AdminCredentialGuard)
export class ListUserClientsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @ApiOperation({ operationId: 'listUserClients', summary: 'List the clients a user holds a usable refresh token of' })
  @ApiUserTokenParams('userId')
  @ApiOkResponse({ type: [UserClientResponse], description: 'In client id order, unpaged; empty for an unknown user.' })
  @ApiManagementErrors()
  @Get(':userId/clients')
  @Header('Cache-Control', 'no-store')
  list(@Param('userId') userId: string): Promise<readonly OktaUserClient[]> {
    return this.queryBus.execute(new ListUserClientsQuery(userId));
  }
}
