import { Controller, Header, HttpCode, Post, Query, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AuditorCredentialGuard } from '../../audit-auth/auditor-credential.guard';
import { ApiValidationError } from '../../management-errors/management-errors';
import { VerifyChainQuery } from './verify-chain.query';
import { ChainVerificationDto } from '../shared/audit.schemas';
import type { ChainVerificationJson } from '@ledger/audit';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAuditorSecurity } from '../../openapi/api-docs';
import { ApiManagementErrors } from '../../management-errors/management-error.schema';

/**
 * `POST /api/v1/audit/verify?stream=<name>` (every stream when omitted): recomputes the hash
 * chain and answers 200 with `ok` and, when broken, the first break. POST because it is a
 * job that reads the whole log, not a cacheable resource; it changes nothing.
 */
@ApiTags('audit')
@ApiAuditorSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/audit')
@UseGuards(AuditorCredentialGuard)
export class VerifyChainHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Post('verify')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'verifyChain', summary: 'Recompute the hash chain of one stream or of the whole log' })
  @ApiQuery({ name: 'stream', required: false, description: 'One stream; every stream when omitted' })
  @ApiOkResponse({ type: ChainVerificationDto, description: '`ok` and, when broken, the first break' })
  @ApiManagementErrors(400, 404, 503)
  verify(@Query('stream') stream: unknown): Promise<ChainVerificationJson> {
    if (stream !== undefined && (typeof stream !== 'string' || stream.length === 0 || stream.length > 512)) {
      throw new ApiValidationError('stream', 'must be one stream name');
    }
    return this.queryBus.execute(new VerifyChainQuery(stream));
  }
}
