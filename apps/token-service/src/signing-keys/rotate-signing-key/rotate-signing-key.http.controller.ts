import { Body, Controller, Header, HttpCode, Param, Post, Req, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { requestContext } from '../../shared/request-context';
import type { SigningKeyResponse } from '../signing-key-response';
import { RotateSigningKeyCommand } from './rotate-signing-key.command';
import { RotateSigningKeyRequestDto } from './rotate-signing-key.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAdminSecurity, ApiAuthorizationServerParam } from '../../openapi/api-docs';
import { ApiManagementErrors } from '../../management-errors/management-error.schema';
import { SigningKeyDto } from '../signing-keys.schemas';
/**
 * `POST /api/v1/authorizationServers/{as}/credentials/lifecycle/keyRotate` (Okta's path; body
 * optional, `{"use":"sig"}`): answers 200 with the new signing key.
 */
@ApiTags('signing-keys')
@ApiAdminSecurity()
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/authorizationServers/:as/credentials/lifecycle')
@UseGuards(AdminCredentialGuard)
export class RotateSigningKeyHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('keyRotate')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ operationId: 'rotateSigningKey', summary: 'Rotate the signing key: a new key signs at once, the old one stays published until its tokens expire' })
  @ApiAuthorizationServerParam()
  @ApiBody({ type: RotateSigningKeyRequestDto, required: false })
  @ApiOkResponse({ type: SigningKeyDto, description: 'The new signing key' })
  @ApiManagementErrors(400, 404, 409, 413, 415, 503)
  rotate(@Param('as') as: string, @Req() request: FastifyRequest, @Body() body: unknown): Promise<SigningKeyResponse> {
    // Okta's clients send `{"use":"sig"}`; curl users often send nothing at all.
    parseBody(RotateSigningKeyRequestDto, body ?? {});
    return this.commandBus.execute(new RotateSigningKeyCommand(as, requestContext(request, 'admin:service')));
  }
}
