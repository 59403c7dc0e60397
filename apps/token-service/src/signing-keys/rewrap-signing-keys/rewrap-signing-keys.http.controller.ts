import { Controller, Header, HttpCode, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { requestContext } from '../../shared/request-context';
import { RewrapSigningKeysCommand } from './rewrap-signing-keys.command';
import type { RewrapSigningKeysResponse } from './rewrap-signing-keys.response';

/**
 * `POST /api/v1/signing-keys/rewrap` (no body; admin credential): rewraps every signing key
 * under the current key-encryption key, answering 200 with what was rewrapped and what could
 * not be. Not an Okta API: Okta holds its own keys.
 */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/signing-keys')
@UseGuards(AdminCredentialGuard)
export class RewrapSigningKeysHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('rewrap')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  rewrap(@Req() request: FastifyRequest): Promise<RewrapSigningKeysResponse> {
    return this.commandBus.execute(new RewrapSigningKeysCommand(requestContext(request, 'admin:service')));
  }
}
