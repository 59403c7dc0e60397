import { Controller, Get, Header, Param, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AuditorCredentialGuard } from '../../audit-auth/auditor-credential.guard';
import { SubjectFamiliesQuery, type SubjectFamily } from './subject-families.query';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `GET /api/v1/audit/subjects/{sub}/families`: every family the subject ever had. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/audit/subjects')
@UseGuards(AuditorCredentialGuard)
export class SubjectFamiliesHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':sub/families')
  @Header('Cache-Control', 'no-store')
  families(@Param('sub') subject: string): Promise<SubjectFamily[]> {
    return this.queryBus.execute(new SubjectFamiliesQuery(subject));
  }
}
