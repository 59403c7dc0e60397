import { Body, Controller, Header, HttpCode, Post, Req, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiExtraModels, ApiOperation, ApiSecurity, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { requestContext } from '../../shared/request-context';
import { refuseChosenSecret } from '../shared/client-input';
import type { ClientResource, ClientResourceWithSecret } from '../shared/client-resource';
import { RegisterClientCommand } from './register-client.command';
import { RegisterClientRequestDto } from './register-client.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ClientResponse, ClientWithSecretResponse } from '../shared/client-resource.response';

/**
 * `POST /api/v1/clients` (RFC 7591 §3, Okta's `/oauth2/v1/clients` fields): 201 with the
 * client, and `client_secret` for secret methods, shown this once.
 */
@ApiTags('clients')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class RegisterClientHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'registerClient', summary: 'Register a client (RFC 7591 names); a secret method gets a generated secret' })
  @ApiBody({ type: RegisterClientRequestDto })
  @ApiExtraModels(ClientResponse, ClientWithSecretResponse)
  @ApiCreatedResponse({ description: 'The client; `client_secret` for a secret method, shown in this response only (`Cache-Control: no-store`).', schema: { anyOf: [{ $ref: getSchemaPath(ClientWithSecretResponse) }, { $ref: getSchemaPath(ClientResponse) }] } })
  @ApiManagementErrors(400, 409, 413, 415, 503)
  @Post()
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async register(@Req() request: FastifyRequest, @Body() body: unknown): Promise<ClientResource | ClientResourceWithSecret> {
    refuseChosenSecret(body);
    const dto = parseBody(RegisterClientRequestDto, body);
    return this.commandBus.execute(new RegisterClientCommand(dto, requestContext(request, 'admin:service')));
  }
}
