import { Body, Controller, Header, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { ClientAuthenticator } from '../../client-auth/client-authenticator';
import { RateLimitGuard } from '../../rate-limits/rate-limit.guard';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { requireForm } from '../../shared/require-form';
import { parseBody } from '../../shared/form';
import { requestContext } from '../../shared/request-context';
import { RevokeTokenCommand } from './revoke-token.command';
import { RevokeTokenRequestDto } from './revoke-token.request.dto';

/**
 * `POST /oauth2/{as}/v1/revoke` (RFC 7009): 200 with an empty body whenever the client
 * authenticated, except for a token of this server issued to another client (400
 * `invalid_request`, RFC 7009 §2.1).
 */
@Controller('oauth2/:as/v1')
export class RevokeTokenHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly registry: ConfigurationRegistry,
    private readonly clients: ClientAuthenticator,
  ) {}

  @Post('revoke')
  @UseGuards(RateLimitGuard)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async revoke(@Param('as') as: string, @Req() request: FastifyRequest, @Body() body: unknown): Promise<void> {
    this.registry.requireServer(as);
    requireForm(request);
    const form = parseBody(RevokeTokenRequestDto, body);
    const { client } = await this.clients.authenticate(request, form);
    await this.commandBus.execute(new RevokeTokenCommand(as, client, form.token, requestContext(request, `client:${client.clientId}`)));
  }
}
