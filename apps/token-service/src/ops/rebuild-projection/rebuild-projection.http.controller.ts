import { Controller, Param, Post, Query, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { ProjectionWaitRequestDto } from '../list-projections/list-projections.request.dto';
import type { ProjectionResource } from '@ledger/audit';
import { RebuildProjectionCommand } from './rebuild-projection.command';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAdminSecurity } from '../../openapi/api-docs';
import { ApiManagementErrors } from '../../management-errors/management-error.schema';
import { ProjectionResourceDto } from '../shared/ops.schemas';
/**
 * `POST /api/v1/ops/projections/{name}/rebuild[?wait=true]`: 202 with the projection's status
 * (its `rebuild` member shows the progress; `GET` the `Location` to follow it). With
 * `wait=true`, 200 once the new tables are swapped in (or still 202 after 5 minutes).
 */
@ApiTags('ops')
@ApiAdminSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/ops/projections')
@UseGuards(AdminCredentialGuard)
export class RebuildProjectionHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':name/rebuild')
  @ApiOperation({ operationId: 'rebuildProjection', summary: "Rebuild a projection's read models into new tables, swapped in when caught up" })
  @ApiParam({ name: 'name', description: 'The projection, or one of its read models', example: 'token-families' })
  @ApiQuery({ name: 'wait', required: false, enum: ['true', 'false'], description: 'Answer once swapped in (at most 5 minutes)' })
  @ApiAcceptedResponse({ type: ProjectionResourceDto, description: 'Started (its `rebuild` shows the progress; follow `Location`)', headers: { Location: { schema: { type: 'string' } } } })
  @ApiOkResponse({ type: ProjectionResourceDto, description: 'With wait=true: the new tables are swapped in' })
  @ApiManagementErrors(400, 404, 409, 503)
  async rebuild(
    @Param('name') name: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProjectionResource> {
    const dto = parseBody(ProjectionWaitRequestDto, { ...(query as object) });
    const actor = (request as FastifyRequest & { actor?: string }).actor ?? 'admin:service';
    const outcome = await this.commandBus.execute(new RebuildProjectionCommand(name, dto.wait === 'true', actor));
    void reply.status(outcome.swapped ? 200 : 202).header('cache-control', 'no-store').header('location', outcome.projection._links.self.href);
    return outcome.projection;
  }
}
