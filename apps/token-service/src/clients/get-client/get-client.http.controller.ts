import { Controller, Get, Header, Param, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import type { ClientResource } from '../shared/client-resource';
import { GetClientQuery } from './get-client.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ApiClientParams, ClientResponse } from '../shared/client-resource.response';

/** `GET /api/v1/clients/{clientId}`. */
@ApiTags('clients')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class GetClientHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @ApiOperation({ operationId: 'getClient', summary: 'Read a client (never its secret)' })
  @ApiClientParams('clientId')
  @ApiOkResponse({ type: ClientResponse, description: 'The client.' })
  @ApiManagementErrors(404)
  @Get(':clientId')
  @Header('Cache-Control', 'no-store')
  get(@Param('clientId') clientId: string): Promise<ClientResource> {
    return this.queryBus.execute(new GetClientQuery(clientId));
  }
}
