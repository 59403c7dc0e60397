import { Controller, Get, Header, Param, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import type { SigningKeyResponse } from '../signing-key-response';
import { ListSigningKeysQuery } from './list-signing-keys.query';

/** `GET /api/v1/authorizationServers/{as}/credentials/keys` (Okta's path): every key, public parts only. */
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
