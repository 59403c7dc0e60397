import { Body, Controller, Header, Param, Put, Req, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { requestContext } from '../../shared/request-context';
import { refuseChosenSecret } from '../shared/client-input';
import type { ClientResource, ClientResourceWithSecret } from '../shared/client-resource';
import { UpdateClientCommand } from './update-client.command';
import { UpdateClientRequestDto } from './update-client.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/** `PUT /api/v1/clients/{clientId}` (RFC 7592 §2.2): replaces the client's metadata. */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class UpdateClientHttpController {
  constructor(private readonly commandBus: CommandBus) {}

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
