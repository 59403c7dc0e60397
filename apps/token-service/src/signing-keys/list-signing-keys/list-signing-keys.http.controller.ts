import { Controller, Get, Header, Param, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import type { SigningKeyResponse } from '../signing-key-response';
import { ListSigningKeysQuery } from './list-signing-keys.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `GET /api/v1/authorizationServers/{as}/credentials/keys` (Okta's path): every key, public parts only. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers/:as/credentials')
@UseGuards(AdminCredentialGuard)
export class ListSigningKeysHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('keys')
  @Header('Cache-Control', 'no-store')
  list(@Param('as') as: string): Promise<SigningKeyResponse[]> {
    return this.queryBus.execute(new ListSigningKeysQuery(as));
  }
}
