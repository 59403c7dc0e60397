import { Body, Controller, Header, HttpCode, Post, Req, UseGuards, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { AdminCredentialGuard } from '../../admin-auth/admin-credential.guard';
import { parseBody } from '../../shared/form';
import { requestContext } from '../../shared/request-context';
import { refuseChosenSecret } from '../shared/client-input';
import type { ClientResource, ClientResourceWithSecret } from '../shared/client-resource';
import { RegisterClientCommand } from './register-client.command';
import { RegisterClientRequestDto } from './register-client.request.dto';
import { ManagementExceptionFilter } from '../../management-errors/management-exception.filter';

/**
 * `POST /api/v1/clients` (RFC 7591 §3, Okta's `/oauth2/v1/clients` fields): 201 with the
 * client, and `client_secret` for secret methods, shown this once.
 */
@UseFilters(ManagementExceptionFilter)
@Controller('api/v1/clients')
@UseGuards(AdminCredentialGuard)
export class RegisterClientHttpController {
  constructor(private readonly commandBus: CommandBus) {}

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
