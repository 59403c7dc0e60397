import { Body, Controller, Header, Param, Put, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { parseBody } from '../../shared/form';
import { requestContext } from '../../shared/request-context';
import type { TrustedOriginResource } from '../shared/trusted-origin-resource';
import { TrustedOriginRequestDto } from '../shared/trusted-origin.request.dto';
import { UpdateTrustedOriginCommand } from './update-trusted-origin.command';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ApiTrustedOriginParams, TrustedOriginResponse } from '../shared/trusted-origin-resource.response';

/** `PUT /api/v1/trustedOrigins/{id}`: replaces name, origin and scopes; 200 with the result. */
@ApiTags('trusted-origins')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/trustedOrigins')
@UseGuards(AdminCredentialGuard)
export class UpdateTrustedOriginHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'updateTrustedOrigin', summary: "Replace a trusted origin's name, origin and scopes" })
  @ApiTrustedOriginParams('id')
  @ApiBody({ type: TrustedOriginRequestDto })
  @ApiOkResponse({ type: TrustedOriginResponse, description: 'The trusted origin.' })
  @ApiManagementErrors(400, 404, 413, 415, 503)
  @Put(':id')
  @Header('Cache-Control', 'no-store')
  update(@Param('id') id: string, @Req() request: FastifyRequest, @Body() body: unknown): Promise<TrustedOriginResource> {
    const dto = parseBody(TrustedOriginRequestDto, body);
    return this.commandBus.execute(new UpdateTrustedOriginCommand(id, dto, requestContext(request, 'admin:service')));
  }
}
