import { Controller, Get, Header, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { SealingPublicJwk } from '@ledger/token-crypto';
import { AuditorCredentialGuard } from '../../../audit-auth/auditor-credential.guard';
import { ManagementExceptionFilter } from '../../../management-errors/management-exception.filter';
import { ListSealingKeysQuery } from './list-sealing-keys.query';

/**
 * `GET /api/v1/audit/sealing-keys`: the public keys that sign the seals (JWKS). An auditor pins
 * them once, out of band, and verifies every seal's JWS with them.
 */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/audit')
@UseGuards(AuditorCredentialGuard)
export class ListSealingKeysHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('sealing-keys')
  @Header('Cache-Control', 'no-store')
  list(): Promise<{ keys: SealingPublicJwk[] }> {
    return this.queryBus.execute(new ListSealingKeysQuery());
  }
}
