import { Controller, Get, Header, Param, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import type { ClientResource } from '../shared/client-resource';
import { GetClientQuery } from './get-client.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `GET /api/v1/clients/{clientId}`. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class GetClientHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':clientId')
  @Header('Cache-Control', 'no-store')
  get(@Param('clientId') clientId: string): Promise<ClientResource> {
    return this.queryBus.execute(new GetClientQuery(clientId));
  }
}
