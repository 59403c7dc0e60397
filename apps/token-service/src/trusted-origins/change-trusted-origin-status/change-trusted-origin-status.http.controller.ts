import { Controller, Header, HttpCode, Param, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { requestContext } from '../../shared/request-context';
import type { TrustedOriginResource } from '../shared/trusted-origin-resource';
import { ChangeTrustedOriginStatusCommand } from './change-trusted-origin-status.command';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ApiTrustedOriginParams, TrustedOriginResponse } from '../shared/trusted-origin-resource.response';

/** `POST /api/v1/trustedOrigins/{id}/lifecycle/activate|deactivate`: 200 with the origin, as Okta. */
@ApiTags('trusted-origins')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/trustedOrigins')
@UseGuards(AdminCredentialGuard)
export class ChangeTrustedOriginStatusHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'activateTrustedOrigin', summary: 'Activate a trusted origin: its CORS and redirect trust apply again' })
  @ApiTrustedOriginParams('id')
  @ApiOkResponse({ type: TrustedOriginResponse, description: 'The trusted origin.' })
  @ApiManagementErrors(404, 503)
  @Post(':id/lifecycle/activate')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  activate(@Param('id') id: string, @Req() request: FastifyRequest): Promise<TrustedOriginResource> {
    return this.commandBus.execute(new ChangeTrustedOriginStatusCommand(id, 'ACTIVE', requestContext(request, 'admin:service')));
  }

  @ApiOperation({ operationId: 'deactivateTrustedOrigin', summary: 'Deactivate a trusted origin: it is no longer trusted' })
  @ApiTrustedOriginParams('id')
  @ApiOkResponse({ type: TrustedOriginResponse, description: 'The trusted origin.' })
  @ApiManagementErrors(404, 503)
  @Post(':id/lifecycle/deactivate')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  deactivate(@Param('id') id: string, @Req() request: FastifyRequest): Promise<TrustedOriginResource> {
    return this.commandBus.execute(new ChangeTrustedOriginStatusCommand(id, 'INACTIVE', requestContext(request, 'admin:service')));
  }
}
