import { Controller, Get, Header, Param, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import type { SigningKeyResponse } from '../signing-key-response';
import { ListSigningKeysQuery } from './list-signing-keys.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAdminSecurity, ApiAuthorizationServerParam } from '../../openapi/api-docs';
import { ApiManagementErrors } from '../../management-errors/management-error.schema';
import { SigningKeyDto } from '../signing-keys.schemas';
/** `GET /api/v1/authorizationServers/{as}/credentials/keys` (Okta's path): every key, public parts only. */
@ApiTags('signing-keys')
@ApiAdminSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers/:as/credentials')
@UseGuards(AdminCredentialGuard)
export class ListSigningKeysHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('keys')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'listSigningKeys', summary: "An authorization server's signing keys with their status (public parts only)" })
  @ApiAuthorizationServerParam()
  @ApiOkResponse({ type: [SigningKeyDto] })
  @ApiManagementErrors(404, 503)
  list(@Param('as') as: string): Promise<SigningKeyResponse[]> {
    return this.queryBus.execute(new ListSigningKeysQuery(as));
  }
}
