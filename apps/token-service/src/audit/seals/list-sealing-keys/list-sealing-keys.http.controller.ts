import { Controller, Get, Header, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { SealingPublicJwk } from '@ledger/token-crypto';
import { AuditorCredentialGuard } from '../../../audit-auth/auditor-credential.guard';
import { ManagementExceptionFilter } from '../../../management-errors/management-exception.filter';
import { ListSealingKeysQuery } from './list-sealing-keys.query';
import { SealingKeysDto } from '../../shared/audit.schemas';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuditorSecurity } from '../../../openapi/api-docs';
import { ApiManagementErrors } from '../../../management-errors/management-error.schema';

/**
 * `GET /api/v1/audit/sealing-keys`: the public keys that sign the seals (JWKS). An auditor pins
 * them once, out of band, and verifies every seal's JWS with them.
 */
@ApiTags('audit')
@ApiAuditorSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/audit')
@UseGuards(AuditorCredentialGuard)
export class ListSealingKeysHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('sealing-keys')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'listSealingKeys', summary: 'The public keys that sign the seals (JWKS)' })
  @ApiOkResponse({ type: SealingKeysDto })
  @ApiManagementErrors(503)
  list(): Promise<{ keys: SealingPublicJwk[] }> {
    return this.queryBus.execute(new ListSealingKeysQuery());
  }
}
