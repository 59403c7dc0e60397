import { Controller, Get, Header, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ApiValidationError } from '../../management-errors/management-errors';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { parseBody } from '../../shared/form';
import type { TrustedOriginResource } from '../shared/trusted-origin-resource';
import { ListTrustedOriginsQuery } from './list-trusted-origins.query';
import { DEFAULT_TRUSTED_ORIGINS_PAGE, ListTrustedOriginsRequestDto } from './list-trusted-origins.request.dto';
import { ApiManagementErrors, NEXT_LINK_HEADER } from '../../authorization-servers/shared/management-api.openapi';
import { TrustedOriginResponse } from '../shared/trusted-origin-resource.response';

/**
 * `GET /api/v1/trustedOrigins?q=&limit=&after=`: an array, as Okta answers, with a
 * `Link: <…>; rel="next"` header when another page follows.
 */
@ApiTags('trusted-origins')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/trustedOrigins')
@UseGuards(AdminCredentialGuard)
export class ListTrustedOriginsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @ApiOperation({ operationId: 'listTrustedOrigins', summary: 'List trusted origins, filtered by a name or origin prefix, a page at a time' })
  @ApiQuery({ type: ListTrustedOriginsRequestDto })
  @ApiOkResponse({ type: [TrustedOriginResponse], description: 'A page of trusted origins.', headers: NEXT_LINK_HEADER })
  @ApiManagementErrors({ status: 400, description: '`E0000001`: a query parameter breaks a rule, or `filter` was sent (not supported).' })
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
