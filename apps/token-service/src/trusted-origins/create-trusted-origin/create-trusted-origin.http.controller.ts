import { Body, Controller, Header, HttpCode, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { parseBody } from '../../shared/form';
import { requestContext } from '../../shared/request-context';
import type { TrustedOriginResource } from '../shared/trusted-origin-resource';
import { TrustedOriginRequestDto } from '../shared/trusted-origin.request.dto';
import { CreateTrustedOriginCommand } from './create-trusted-origin.command';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { TrustedOriginResponse } from '../shared/trusted-origin-resource.response';

/** `POST /api/v1/trustedOrigins`: 200 with the trusted origin, as Okta answers. */
@ApiTags('trusted-origins')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/trustedOrigins')
@UseGuards(AdminCredentialGuard)
export class CreateTrustedOriginHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'createTrustedOrigin', summary: 'Trust an origin for CORS or redirects' })
  @ApiBody({ type: TrustedOriginRequestDto })
  @ApiOkResponse({ type: TrustedOriginResponse, description: 'Created (200, as Okta answers).' })
  @ApiManagementErrors(400, 413, 415, 503)
  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  create(@Req() request: FastifyRequest, @Body() body: unknown): Promise<TrustedOriginResource> {
    const dto = parseBody(TrustedOriginRequestDto, body);
    return this.commandBus.execute(new CreateTrustedOriginCommand(dto, requestContext(request, 'admin:service')));
  }
}
