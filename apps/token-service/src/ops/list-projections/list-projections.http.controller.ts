import { Controller, Get, Header, NotFoundException, Param, Query, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { ListProjectionsQuery } from './list-projections.query';
import { ProjectionWaitRequestDto } from './list-projections.request.dto';
import type { ProjectionResource } from '@ledger/audit';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/**
 * `GET /api/v1/ops/projections[?wait=true]`: every projection's checkpoint, lag (events and
 * seconds), state and rebuild; `GET /api/v1/ops/projections/{name}` for one (a read-model name
 * names its projection). `wait=true` first waits (up to 30 s) for them to reach the log's head.
 */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/ops/projections')
@UseGuards(AdminCredentialGuard)
export class ListProjectionsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  list(@Query() query: unknown): Promise<ProjectionResource[]> {
    const dto = parseBody(ProjectionWaitRequestDto, { ...(query as object) });
    return this.queryBus.execute(new ListProjectionsQuery(undefined, dto.wait === 'true'));
  }

  @Get(':name')
  @Header('Cache-Control', 'no-store')
  async get(@Param('name') name: string, @Query() query: unknown): Promise<ProjectionResource> {
    const dto = parseBody(ProjectionWaitRequestDto, { ...(query as object) });
    const [one] = await this.queryBus.execute(new ListProjectionsQuery(name, dto.wait === 'true'));
    if (!one) throw new NotFoundException();
    return one;
  }
}
