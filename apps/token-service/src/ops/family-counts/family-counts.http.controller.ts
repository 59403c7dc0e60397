import { Controller, Get, Header, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { FamilyCountsQuery, type FamilyCountsResource } from './family-counts.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `GET /api/v1/ops/families/counts`: families by status (now), revoke reason and client. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/ops/families')
@UseGuards(AdminCredentialGuard)
export class FamilyCountsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('counts')
  @Header('Cache-Control', 'no-store')
  counts(): Promise<FamilyCountsResource> {
    return this.queryBus.execute(new FamilyCountsQuery());
  }
}
