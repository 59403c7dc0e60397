import { Controller, Get, Header, Param, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import type { TrustedOriginResource } from '../shared/trusted-origin-resource';
import { GetTrustedOriginQuery } from './get-trusted-origin.query';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ApiTrustedOriginParams, TrustedOriginResponse } from '../shared/trusted-origin-resource.response';

/** `GET /api/v1/trustedOrigins/{id}`. */
@ApiTags('trusted-origins')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/trustedOrigins')
@UseGuards(AdminCredentialGuard)
export class GetTrustedOriginHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @ApiOperation({ operationId: 'getTrustedOrigin', summary: 'Read a trusted origin' })
  @ApiTrustedOriginParams('id')
  @ApiOkResponse({ type: TrustedOriginResponse, description: 'The trusted origin.' })
  @ApiManagementErrors(404)
  @Get(':id')
  @Header('Cache-Control', 'no-store')
  get(@Param('id') id: string): Promise<TrustedOriginResource> {
    return this.queryBus.execute(new GetTrustedOriginQuery(id));
  }
}
