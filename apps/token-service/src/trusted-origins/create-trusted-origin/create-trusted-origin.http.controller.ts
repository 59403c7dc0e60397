import { Body, Controller, Header, HttpCode, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { parseBody } from '../../shared/form';
import { requestContext } from '../../shared/request-context';
import type { TrustedOriginResource } from '../shared/trusted-origin-resource';
import { TrustedOriginRequestDto } from '../shared/trusted-origin.request.dto';
import { CreateTrustedOriginCommand } from './create-trusted-origin.command';

/** `POST /api/v1/trustedOrigins`: 200 with the trusted origin, as Okta answers. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/trustedOrigins')
@UseGuards(AdminCredentialGuard)
export class CreateTrustedOriginHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  create(@Req() request: FastifyRequest, @Body() body: unknown): Promise<TrustedOriginResource> {
    const dto = parseBody(TrustedOriginRequestDto, body);
    return this.commandBus.execute(new CreateTrustedOriginCommand(dto, requestContext(request, 'admin:service')));
  }
}
