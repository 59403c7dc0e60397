import { Body, Controller, Get, Header, HttpCode, Post, Query, UseGuards, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AuditorCredentialGuard } from '../../audit-auth/auditor-credential.guard';
import { ApiValidationError } from '../../management-errors/management-errors';
import { parseBody } from '../../shared/form';
import { TokenWhyQuery } from './token-why.query';
import { TokenWhyRequestDto } from './token-why.request.dto';
import type { TokenWhyResponse } from './token-why.response';
import { TokenWhyDto } from '../shared/audit.schemas';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAuditorSecurity } from '../../openapi/api-docs';
import { ApiManagementErrors } from '../../management-errors/management-error.schema';

/**
 * `POST /api/v1/audit/tokens/why` (form or JSON body: `token=` or `token_id=`) and
 * `GET /api/v1/audit/tokens/why?token_id=` (or `?token=`, which puts a secret in a URL:
 * prefer POST). Answers whether the token is active now and why, with the configuration that
 * decided its lifetime; the token itself is never echoed nor logged.
 */
@ApiTags('audit')
@ApiAuditorSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/audit/tokens')
@UseGuards(AuditorCredentialGuard)
export class TokenWhyHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Post('why')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'whyToken', summary: 'Whether a token is active now and why, with the configuration that decided its lifetime' })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: TokenWhyRequestDto, description: 'Exactly one of token and token_id' })
  @ApiOkResponse({ type: TokenWhyDto })
  @ApiManagementErrors(400, 413, 415, 503)
  whyPosted(@Body() body: unknown): Promise<TokenWhyResponse> {
    return this.ask(body);
  }

  @Get('why')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'whyTokenById', summary: 'Whether a token is active now and why (by token id; POST keeps a raw token out of URLs)' })
  @ApiQuery({ name: 'token_id', required: false, description: 'A refresh token id or an access token jti' })
  @ApiQuery({ name: 'token', required: false, description: 'The raw token: prefer POST' })
  @ApiOkResponse({ type: TokenWhyDto })
  @ApiManagementErrors(400, 503)
  whyQueried(@Query() query: unknown): Promise<TokenWhyResponse> {
    return this.ask(query);
  }

  private ask(input: unknown): Promise<TokenWhyResponse> {
    const dto = parseBody(TokenWhyRequestDto, input ?? {});
    if ((dto.token === undefined) === (dto.token_id === undefined)) {
      throw new ApiValidationError('token', 'send exactly one of token and token_id');
    }
    return this.queryBus.execute(new TokenWhyQuery(dto.token, dto.token_id));
  }
}
