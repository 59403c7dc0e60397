import { Controller, Get, Param, Query, Req, Res, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { RecordedEvent } from '@ledger/event-sourcing';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { AuditorCredentialGuard } from '../../audit-auth/auditor-credential.guard';
import { ApiValidationError } from '../../management-errors/management-errors';
import { auditEventJson, auditNdjsonLine, SubjectKeys, type RecordedEventJson } from '@ledger/audit';
import { FamilyHistoryQuery } from './family-history.query';
import { RecordedEventDto } from '../shared/audit.schemas';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
const NDJSON = 'application/x-ndjson';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiAuditorSecurity } from '../../openapi/api-docs';
import { ApiManagementErrors } from '../../management-errors/management-error.schema';

/**
 * `GET /api/v1/audit/families/{familyId}/events`: the family's events with their metadata (and
 * the personal fields `TokenIssued` stores encrypted, read through the subject's key: `personal`),
 * oldest first, as a JSON array, or as NDJSON for export (`Accept: application/x-ndjson` or
 * `?format=ndjson`), streamed a page of the store at a time so an export never builds the
 * whole history in memory.
 */
@ApiTags('audit')
@ApiAuditorSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/audit/families')
@UseGuards(AuditorCredentialGuard)
export class FamilyHistoryHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly keys: SubjectKeys,
  ) {}

  @Get(':familyId/events')
  @ApiOperation({ operationId: 'getFamilyHistory', summary: "A token family's events, oldest first, with metadata and hash links (JSON or NDJSON)" })
  @ApiParam({ name: 'familyId', description: 'The token family id' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'ndjson'], description: 'Wins over Accept; NDJSON streams the export' })
  @ApiExtraModels(RecordedEventDto)
  @ApiOkResponse({
    description: 'The events (an empty array for an unknown family)',
    content: {
      'application/json': { schema: { type: 'array', items: { $ref: getSchemaPath(RecordedEventDto) } } },
      [NDJSON]: { schema: { type: 'string', description: 'One event per line, as in the JSON array' } },
    },
  })
  @ApiManagementErrors(400, 503)
  async events(
    @Param('familyId') familyId: string,
    @Query('format') format: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const ndjson = wantsNdjson(format, request.headers.accept);
    const events = await this.queryBus.execute(new FamilyHistoryQuery(familyId));
    reply.header('cache-control', 'no-store');
    if (ndjson) {
      await reply.type(NDJSON).send(Readable.from(ndjsonLines(events, this.keys)));
      return;
    }
    const body: RecordedEventJson[] = [];
    for await (const event of events) body.push(await auditEventJson(event, this.keys));
    await reply.type('application/json; charset=utf-8').send(body);
  }
}

/** `?format=` wins over `Accept`; an unknown format is a 400 rather than a silent JSON answer. */
function wantsNdjson(format: unknown, accept: string | undefined): boolean {
  if (format === undefined) return typeof accept === 'string' && accept.toLowerCase().includes(NDJSON);
  if (format === 'ndjson') return true;
  if (format === 'json') return false;
  throw new ApiValidationError('format', "must be 'json' or 'ndjson'");
}

async function* ndjsonLines(events: AsyncIterable<RecordedEvent>, keys: SubjectKeys): AsyncGenerator<string> {
  for await (const event of events) yield await auditNdjsonLine(event, keys);
}
