import { Controller, Get, Header, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { SealResource } from '@ledger/audit';
import { AuditorCredentialGuard } from '../../../audit-auth/auditor-credential.guard';
import { ManagementExceptionFilter } from '../../../management-errors/management-exception.filter';
import { LatestSealQuery } from './latest-seal.query';

/**
 * `GET /api/v1/audit/seals/latest`: the newest seal (signed tree head), for an auditor to keep
 * and later check newer seals and events against (consistency and inclusion proofs).
 */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/audit/seals')
@UseGuards(AuditorCredentialGuard)
export class LatestSealHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('latest')
  @Header('Cache-Control', 'no-store')
  latest(): Promise<SealResource> {
    return this.queryBus.execute(new LatestSealQuery());
  }
}
