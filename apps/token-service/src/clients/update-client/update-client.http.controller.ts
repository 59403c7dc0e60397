import { Body, Controller, Header, Param, Put, Req, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { requestContext } from '../../shared/request-context';
import { refuseChosenSecret } from '../shared/client-input';
import type { ClientResource, ClientResourceWithSecret } from '../shared/client-resource';
import { UpdateClientCommand } from './update-client.command';
import { UpdateClientRequestDto } from './update-client.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';
import { ApiManagementErrors } from '../../authorization-servers/shared/management-api.openapi';
import { ApiClientParams, ClientResponse, ClientWithSecretResponse } from '../shared/client-resource.response';

/** `PUT /api/v1/clients/{clientId}` (RFC 7592 §2.2): replaces the client's metadata. */
@ApiTags('clients')
@ApiSecurity('admin')
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class UpdateClientHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @ApiOperation({ operationId: 'updateClient', summary: "Replace a client's metadata (RFC 7592); omitted members take their defaults" })
  @ApiClientParams('clientId')
  @ApiBody({ type: UpdateClientRequestDto })
  @ApiExtraModels(ClientResponse, ClientWithSecretResponse)
  @ApiOkResponse({ description: 'The client; with `client_secret` (shown this once) when the update switched it to a secret method.', schema: { anyOf: [{ $ref: getSchemaPath(ClientWithSecretResponse) }, { $ref: getSchemaPath(ClientResponse) }] } })
  @ApiManagementErrors(400, 404, 413, 415, 503)
  @Put(':clientId')
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async update(
    @Param('clientId') clientId: string,
    @Req() request: FastifyRequest,
    @Body() body: unknown,
  ): Promise<ClientResource | ClientResourceWithSecret> {
    refuseChosenSecret(body);
    const dto = parseBody(UpdateClientRequestDto, body);
    return this.commandBus.execute(new UpdateClientCommand(clientId, dto, requestContext(request, 'admin:service')));
  }
}
