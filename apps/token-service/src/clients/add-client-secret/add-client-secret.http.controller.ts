import { Body, Controller, Header, HttpCode, Param, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { parseBody } from '../../shared/form';
import { requestContext } from '../../shared/request-context';
import { refuseChosenSecret } from '../shared/client-input';
import type { ClientSecretResourceWithSecret } from '../shared/client-secret-resource';
import { AddClientSecretCommand } from './add-client-secret.command';
import { AddClientSecretRequestDto } from './add-client-secret.request.dto';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ApiClientParams, ClientSecretWithSecretResponse } from '../shared/client-resource.response';

/**
 * `POST /api/v1/clients/{clientId}/credentials/secrets` (Okta's `/api/v1/apps/{appId}/...`):
 * 201 with the new secret, `client_secret` shown this once. A third secret is a 400.
 */
@ApiTags('clients')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class AddClientSecretHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'addClientSecret', summary: 'Add a generated secret to a client (two at most)' })
  @ApiClientParams('clientId')
  @ApiBody({ type: AddClientSecretRequestDto, required: false })
  @ApiCreatedResponse({ type: ClientSecretWithSecretResponse, description: 'The new secret, `client_secret` shown this once.' })
  @ApiManagementErrors({ status: 400, description: '`E0000001`: the client already holds two secrets, authenticates without one, or the body chose `client_secret`; `E0000003`: the body is not a JSON object.' }, 404, 413, 415, 503)
  @Post(':clientId/credentials/secrets')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  add(@Param('clientId') clientId: string, @Req() request: FastifyRequest, @Body() body: unknown): Promise<ClientSecretResourceWithSecret> {
    refuseChosenSecret(body);
    const { status } = parseBody(AddClientSecretRequestDto, body ?? {});
    return this.commandBus.execute(new AddClientSecretCommand(clientId, status, requestContext(request, 'admin:service')));
  }
}
