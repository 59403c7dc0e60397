import { Controller, Get, Header, Param, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AuditorCredentialGuard } from '../../audit-auth/auditor-credential.guard';
import { SubjectFamiliesQuery, type SubjectFamily } from './subject-families.query';
import { SubjectFamilyDto } from '../shared/audit.schemas';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuditorSecurity } from '../../openapi/api-docs';
import { ApiManagementErrors } from '../../management-errors/management-error.schema';

/** `GET /api/v1/audit/subjects/{sub}/families`: every family the subject ever had. */
@ApiTags('audit')
@ApiAuditorSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/audit/subjects')
@UseGuards(AuditorCredentialGuard)
export class SubjectFamiliesHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':sub/families')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'listSubjectFamilies', summary: 'Every token family a subject ever had, oldest first, with its status' })
  @ApiParam({ name: 'sub', description: 'The subject' })
  @ApiOkResponse({ type: [SubjectFamilyDto], description: 'An empty array for an unknown subject' })
  @ApiManagementErrors(503)
  families(@Param('sub') subject: string): Promise<SubjectFamily[]> {
    return this.queryBus.execute(new SubjectFamiliesQuery(subject));
  }
}
