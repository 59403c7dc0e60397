import { Controller, Get, Header, Param, Query, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AuditorCredentialGuard } from '../../audit-auth/auditor-credential.guard';
import { instantParameter } from '../shared/audit-time';
import type { FamilyStateReport } from '@ledger/audit';
import { FamilyStateQuery } from './family-state.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/**
 * `GET /api/v1/audit/families/{familyId}/state?at=<RFC 3339 date-time>`: "was this family's
 * refresh token valid at T, and why" (`at` defaults to now).
 */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/audit/families')
@UseGuards(AuditorCredentialGuard)
export class FamilyStateHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':familyId/state')
  @Header('Cache-Control', 'no-store')
  state(@Param('familyId') familyId: string, @Query('at') at: unknown): Promise<FamilyStateReport> {
    return this.queryBus.execute(new FamilyStateQuery(familyId, instantParameter(at)));
  }
}
