import { Controller, Get, Header, Query, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AuditorCredentialGuard } from '../../../audit-auth/auditor-credential.guard';
import { ManagementExceptionFilter } from '../../../management-errors/management-exception.filter';
import { treeSizeParameter } from '../tree-size.parameter';
import { SealConsistencyQuery, type SealConsistencyResponse } from './seal-consistency.query';
import { SealConsistencyDto } from '../../shared/audit.schemas';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAuditorSecurity } from '../../../openapi/api-docs';
import { ApiManagementErrors } from '../../../management-errors/management-error.schema';

/**
 * `GET /api/v1/audit/seals/consistency?from=M&to=N`: the RFC 9162 consistency proof that the
 * tree of N leaves extends the tree of M leaves, with the seals of those sizes. An auditor who
 * kept the seal of size M checks a newer seal with it: nothing covered by M was changed,
 * removed without a record or reordered since.
 */
@ApiTags('audit')
@ApiAuditorSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/audit/seals')
@UseGuards(AuditorCredentialGuard)
export class SealConsistencyHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('consistency')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'getSealConsistency', summary: 'RFC 9162 consistency proof between two tree sizes, with their seals' })
  @ApiQuery({ name: 'from', schema: { type: 'integer', minimum: 1 }, description: 'The older tree size' })
  @ApiQuery({ name: 'to', schema: { type: 'integer', minimum: 1 }, description: 'The newer tree size' })
  @ApiOkResponse({ type: SealConsistencyDto })
  @ApiManagementErrors(400, 404, 503)
  consistency(@Query('from') from: unknown, @Query('to') to: unknown): Promise<SealConsistencyResponse> {
    return this.queryBus.execute(new SealConsistencyQuery(treeSizeParameter('from', from, 1), treeSizeParameter('to', to, 1)));
  }
}
