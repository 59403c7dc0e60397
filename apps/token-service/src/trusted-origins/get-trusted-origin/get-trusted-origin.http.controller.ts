import { Controller, Get, Header, Param, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import type { TrustedOriginResource } from '../shared/trusted-origin-resource';
import { GetTrustedOriginQuery } from './get-trusted-origin.query';

/** `GET /api/v1/trustedOrigins/{id}`. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/trustedOrigins')
@UseGuards(AdminCredentialGuard)
export class GetTrustedOriginHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id')
  @Header('Cache-Control', 'no-store')
  get(@Param('id') id: string): Promise<TrustedOriginResource> {
    return this.queryBus.execute(new GetTrustedOriginQuery(id));
  }
}
