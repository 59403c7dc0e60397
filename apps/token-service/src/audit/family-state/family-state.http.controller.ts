import { Controller, Get, Header, Param, Query, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AuditorCredentialGuard } from '../../audit-auth/auditor-credential.guard';
import { instantParameter } from '../shared/audit-time';
import type { FamilyStateReport } from '@ledger/audit';
import { FamilyStateQuery } from './family-state.query';
import { FamilyStateReportDto } from '../shared/audit.schemas';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAuditorSecurity } from '../../openapi/api-docs';
import { ApiManagementErrors } from '../../management-errors/management-error.schema';

/**
 * `GET /api/v1/audit/families/{familyId}/state?at=<RFC 3339 date-time>`: "was this family's
 * refresh token valid at T, and why" (`at` defaults to now).
 */
@ApiTags('audit')
@ApiAuditorSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/audit/families')
@UseGuards(AuditorCredentialGuard)
export class FamilyStateHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':familyId/state')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'getFamilyState', summary: "A token family's state at an instant, and why (was its refresh token valid then?)" })
  @ApiParam({ name: 'familyId', description: 'The token family id' })
  @ApiQuery({ name: 'at', required: false, schema: { type: 'string', format: 'date-time' }, description: 'RFC 3339 instant; now when omitted' })
  @ApiOkResponse({ type: FamilyStateReportDto })
  @ApiManagementErrors(400, 404, 503)
  state(@Param('familyId') familyId: string, @Query('at') at: unknown): Promise<FamilyStateReport> {
    return this.queryBus.execute(new FamilyStateQuery(familyId, instantParameter(at)));
  }
}
