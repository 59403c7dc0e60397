import { Controller, Delete, Header, HttpCode, Param, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { requestContext } from '../../shared/request-context';
import { EraseSubjectCommand, SubjectErasureDto, type SubjectErasure } from './erase-subject.command';

import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAdminSecurity } from '../../openapi/api-docs';
import { ApiManagementErrors } from '../../management-errors/management-error.schema';
/**
 * `DELETE /api/v1/subjects/{sub}` (admin): erases the subject's personal data (GDPR Art. 17).
 * 200 with what was done: families revoked, whether the data key was destroyed. Idempotent: a
 * second call answers 200 with nothing left to do.
 */
@ApiTags('subjects')
@ApiAdminSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/subjects')
@UseGuards(AdminCredentialGuard)
export class EraseSubjectHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Delete(':sub')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'eraseSubject', summary: "Erase a subject's personal data (GDPR Art. 17): revoke its families, destroy its data key" })
  @ApiParam({ name: 'sub', description: 'The subject' })
  @ApiOkResponse({ type: SubjectErasureDto, description: 'What was done (idempotent: a second call has nothing left to do)' })
  @ApiManagementErrors(503)
  erase(@Param('sub') sub: string, @Req() request: FastifyRequest): Promise<SubjectErasure> {
    return this.commandBus.execute(new EraseSubjectCommand(sub, requestContext(request, 'admin:service')));
  }
}
