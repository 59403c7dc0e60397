import { Controller, Get, Header, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ApiValidationError } from '../../management-errors/management-errors';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { parseBody } from '../../shared/form';
import type { TrustedOriginResource } from '../shared/trusted-origin-resource';
import { ListTrustedOriginsQuery } from './list-trusted-origins.query';
import { DEFAULT_TRUSTED_ORIGINS_PAGE, ListTrustedOriginsRequestDto } from './list-trusted-origins.request.dto';

/**
 * `GET /api/v1/trustedOrigins?q=&limit=&after=`: an array, as Okta answers, with a
 * `Link: <…>; rel="next"` header when another page follows.
 */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/trustedOrigins')
@UseGuards(AdminCredentialGuard)
export class ListTrustedOriginsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async list(
    @Req() request: FastifyRequest,
    @Query() query: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<readonly TrustedOriginResource[]> {
    const dto = parseBody(ListTrustedOriginsRequestDto, { ...(query as object) });
    // Answering a filter by ignoring it would list origins the caller asked to exclude.
    if (dto.filter !== undefined) throw new ApiValidationError('filter', 'is not supported; use q');
    const limit = dto.limit ?? DEFAULT_TRUSTED_ORIGINS_PAGE;
    const page = await this.queryBus.execute(new ListTrustedOriginsQuery(dto.q, limit, dto.after));
    if (page.nextAfter !== null) {
      const path = request.url.split('?', 1)[0];
      const next = new URLSearchParams({ ...(dto.q !== undefined ? { q: dto.q } : {}), limit: String(limit), after: page.nextAfter });
      void reply.header('link', `<${path}?${next.toString()}>; rel="next"`);
    }
    return page.origins;
  }
}
