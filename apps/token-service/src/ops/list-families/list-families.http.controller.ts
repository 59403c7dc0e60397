import { applyDecorators, Controller, Get, Header, Param, Query, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import type { FamilyResource } from '../shared/family-resource';
import { ListFamiliesQuery } from './list-families.query';
import { DEFAULT_FAMILIES_PAGE, ListFamiliesRequestDto, MAX_FAMILIES_PAGE } from './list-families.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAdminSecurity } from '../../openapi/api-docs';
import { ApiManagementErrors } from '../../management-errors/management-error.schema';
import { FamilyResourceDto } from '../shared/ops.schemas';
/** The filters, paging and answer both listings share. */
const ApiFamiliesPage = (): MethodDecorator =>
  applyDecorators(
    ApiQuery({ name: 'client_id', required: false }),
    ApiQuery({ name: 'status', required: false, enum: ['active', 'expired', 'revoked'], description: 'Any case' }),
    ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_FAMILIES_PAGE, default: DEFAULT_FAMILIES_PAGE } }),
    ApiQuery({ name: 'after', required: false, description: 'The opaque cursor of the `next` link' }),
    ApiOkResponse({ type: [FamilyResourceDto], description: 'A page of families; `Link: <…>; rel="next"` while more follow', headers: { Link: { description: 'The next page', schema: { type: 'string' } } } }),
    ApiManagementErrors(400, 503),
  );

/**
 * `GET /api/v1/ops/families?subject=&client_id=&status=&limit=&after=` and, for one subject
 * (SPEC §6.3), `GET /api/v1/users/{sub}/tokens?client_id=&status=&limit=&after=`: an array, as
 * Okta lists answer, with `Link: <…>; rel="next"` while more pages follow.
 */
@ApiAdminSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1')
@UseGuards(AdminCredentialGuard)
export class ListFamiliesHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('ops/families')
  @Header('Cache-Control', 'no-store')
  @ApiTags('ops')
  @ApiOperation({ operationId: 'listFamilies', summary: 'Token families from the read model, filtered and paged' })
  @ApiQuery({ name: 'subject', required: false })
  @ApiFamiliesPage()
  list(@Req() request: FastifyRequest, @Query() query: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<readonly FamilyResource[]> {
    return this.page(request, reply, parseBody(ListFamiliesRequestDto, { ...(query as object) }));
  }

  @Get('users/:sub/tokens')
  @Header('Cache-Control', 'no-store')
  // Okta's user-token API, with the other /api/v1/users routes.
  @ApiTags('users')
  @ApiOperation({ operationId: 'listSubjectTokens', summary: "A subject's token families (all its clients), filtered and paged" })
  @ApiParam({ name: 'sub', description: 'The subject' })
  @ApiFamiliesPage()
  listForSubject(
    @Param('sub') sub: string,
    @Req() request: FastifyRequest,
    @Query() query: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<readonly FamilyResource[]> {
    const dto = parseBody(ListFamiliesRequestDto, { ...(query as object) });
    return this.page(request, reply, { ...dto, subject: sub });
  }

  private async page(request: FastifyRequest, reply: FastifyReply, dto: ListFamiliesRequestDto): Promise<readonly FamilyResource[]> {
    const limit = dto.limit ?? DEFAULT_FAMILIES_PAGE;
    const filter = {
      ...(dto.subject !== undefined ? { subject: dto.subject } : {}),
      ...(dto.client_id !== undefined ? { clientId: dto.client_id } : {}),
      ...(dto.status !== undefined ? { status: dto.status } : {}),
    };
    const page = await this.queryBus.execute(new ListFamiliesQuery(filter, limit, dto.after));
    if (page.nextAfter !== null) {
      // The same query with the next cursor; `subject` stays in the path for the per-user route.
      const params = new URLSearchParams(new URL(request.url, 'http://ledger').searchParams);
      params.set('limit', String(limit));
      params.set('after', page.nextAfter);
      void reply.header('link', `<${request.url.split('?', 1)[0]}?${params.toString()}>; rel="next"`);
    }
    return page.families;
  }
}
