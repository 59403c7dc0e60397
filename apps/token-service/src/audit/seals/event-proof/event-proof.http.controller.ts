import { Controller, Get, Header, Param, Query, UseFilters, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { GlobalPosition } from '@ledger/event-sourcing';
import { AuditorCredentialGuard } from '../../../audit-auth/auditor-credential.guard';
import { ApiValidationError } from '../../../management-errors/management-errors';
import { ManagementExceptionFilter } from '../../../management-errors/management-exception.filter';
import { treeSizeParameter } from '../tree-size.parameter';
import { EventProofQuery, type EventProofResponse } from './event-proof.query';
import { EventProofDto } from '../../shared/audit.schemas';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAuditorSecurity } from '../../../openapi/api-docs';
import { ApiManagementErrors } from '../../../management-errors/management-error.schema';

/**
 * `GET /api/v1/audit/events/{position}/proof[?treeSize=N]`: the RFC 9162 inclusion proof of the
 * event at `position` (its commit position, or `commit/prepare`, as the audit API writes
 * positions) in the tree of N leaves (default: the newest seal's).
 */
@ApiTags('audit')
@ApiAuditorSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/audit/events')
@UseGuards(AuditorCredentialGuard)
export class EventProofHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':position/proof')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'getEventProof', summary: 'RFC 9162 inclusion proof of an event in a sealed tree' })
  @ApiParam({ name: 'position', description: 'The event\'s commit position, or `commit/prepare`', example: '42' })
  @ApiQuery({ name: 'treeSize', required: false, schema: { type: 'integer', minimum: 1 }, description: "Leaves of the tree; the newest seal's when omitted" })
  @ApiOkResponse({ type: EventProofDto })
  @ApiManagementErrors(400, 404, 503)
  proof(@Param('position') position: string, @Query('treeSize') treeSize: unknown): Promise<EventProofResponse> {
    return this.queryBus.execute(new EventProofQuery(positionParameter(position), treeSize === undefined ? null : treeSizeParameter('treeSize', treeSize, 1)));
  }
}

/** `<commit>` (the embedded store's positions: both halves equal) or `<commit>/<prepare>`. */
export function positionParameter(text: string): GlobalPosition {
  const m = /^(\d{1,19})(?:\/(\d{1,19}))?$/.exec(text);
  if (!m) throw new ApiValidationError('position', 'must be a commit position (decimal), or commit/prepare');
  const commit = BigInt(m[1]);
  return { commit, prepare: m[2] === undefined ? commit : BigInt(m[2]) };
}
