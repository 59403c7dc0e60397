import { Controller, Get, Header, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { SealResource } from '@ledger/audit';
import { AuditorCredentialGuard } from '../../../audit-auth/auditor-credential.guard';
import { ManagementExceptionFilter } from '../../../management-errors/management-exception.filter';
import { LatestSealQuery } from './latest-seal.query';
import { SealDto } from '../../shared/audit.schemas';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuditorSecurity } from '../../../openapi/api-docs';
import { ApiManagementErrors } from '../../../management-errors/management-error.schema';

/**
 * `GET /api/v1/audit/seals/latest`: the newest seal (signed tree head), for an auditor to keep
 * and later check newer seals and events against (consistency and inclusion proofs).
 */
@ApiTags('audit')
@ApiAuditorSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/audit/seals')
@UseGuards(AuditorCredentialGuard)
export class LatestSealHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('latest')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'getLatestSeal', summary: 'The newest seal (signed tree head) of the ledger' })
  @ApiOkResponse({ type: SealDto })
  @ApiManagementErrors(404, 503)
  latest(): Promise<SealResource> {
    return this.queryBus.execute(new LatestSealQuery());
  }
}
