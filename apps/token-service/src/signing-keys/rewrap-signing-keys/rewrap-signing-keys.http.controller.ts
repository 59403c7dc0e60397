import { Controller, Header, HttpCode, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { requestContext } from '../../shared/request-context';
import { RewrapSigningKeysCommand } from './rewrap-signing-keys.command';
import type { RewrapSigningKeysResponse } from './rewrap-signing-keys.response';

import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAdminSecurity } from '../../openapi/api-docs';
import { ApiManagementErrors } from '../../management-errors/management-error.schema';
import { RewrapSigningKeysDto } from '../signing-keys.schemas';
/**
 * `POST /api/v1/signing-keys/rewrap` (no body; admin credential): rewraps every signing key
 * under the current key-encryption key, answering 200 with what was rewrapped and what could
 * not be. Not an Okta API: Okta holds its own keys.
 */
@ApiTags('signing-keys')
@ApiAdminSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/signing-keys')
@UseGuards(AdminCredentialGuard)
export class RewrapSigningKeysHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('rewrap')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'rewrapSigningKeys', summary: 'Rewrap every private key (signing, sealing, subject data keys) under the current key-encryption key' })
  @ApiOkResponse({ type: RewrapSigningKeysDto, description: 'What was rewrapped and what could not be (ids only)' })
  @ApiManagementErrors(503)
  rewrap(@Req() request: FastifyRequest): Promise<RewrapSigningKeysResponse> {
    return this.commandBus.execute(new RewrapSigningKeysCommand(requestContext(request, 'admin:service')));
  }
}
