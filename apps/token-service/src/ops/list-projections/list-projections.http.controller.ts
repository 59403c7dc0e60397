import { Controller, Get, Header, NotFoundException, Param, Query, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { ListProjectionsQuery } from './list-projections.query';
import { ProjectionWaitRequestDto } from './list-projections.request.dto';
import type { ProjectionResource } from '@ledger/audit';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAdminSecurity } from '../../openapi/api-docs';
import { ApiManagementErrors } from '../../management-errors/management-error.schema';
import { ProjectionResourceDto } from '../shared/ops.schemas';
/**
 * `GET /api/v1/ops/projections[?wait=true]`: every projection's checkpoint, lag (events and
 * seconds), state and rebuild; `GET /api/v1/ops/projections/{name}` for one (a read-model name
 * names its projection). `wait=true` first waits (up to 30 s) for them to reach the log's head.
 */
@ApiTags('ops')
@ApiAdminSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/ops/projections')
@UseGuards(AdminCredentialGuard)
export class ListProjectionsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'listProjections', summary: "Every projection's checkpoint, lag, state and rebuild" })
  @ApiQuery({ name: 'wait', required: false, enum: ['true', 'false'], description: 'Answer once caught up with the log (at most 30 s)' })
  @ApiOkResponse({ type: [ProjectionResourceDto] })
  @ApiManagementErrors(400, 503)
  list(@Query() query: unknown): Promise<ProjectionResource[]> {
    const dto = parseBody(ProjectionWaitRequestDto, { ...(query as object) });
    return this.queryBus.execute(new ListProjectionsQuery(undefined, dto.wait === 'true'));
  }

  @Get(':name')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'getProjection', summary: "One projection's checkpoint, lag, state and rebuild" })
  @ApiParam({ name: 'name', description: 'The projection, or one of its read models', example: 'token-families' })
  @ApiQuery({ name: 'wait', required: false, enum: ['true', 'false'], description: 'Answer once caught up with the log (at most 30 s)' })
  @ApiOkResponse({ type: ProjectionResourceDto })
  @ApiManagementErrors(400, 404, 503)
  async get(@Param('name') name: string, @Query() query: unknown): Promise<ProjectionResource> {
    const dto = parseBody(ProjectionWaitRequestDto, { ...(query as object) });
    const [one] = await this.queryBus.execute(new ListProjectionsQuery(name, dto.wait === 'true'));
    if (!one) throw new NotFoundException();
    return one;
  }
}
