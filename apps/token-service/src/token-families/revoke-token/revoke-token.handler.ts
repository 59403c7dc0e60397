import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandLoop } from '@ledger/event-sourcing';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { revokeFamily } from '../shared/revoke-family';
import { TokenLocator } from '../shared/token-locator';
import { RevokeTokenCommand } from './revoke-token.command';

/**
 * RFC 7009 revocation. Revoking a refresh token revokes its whole family, and so does revoking
 * an access token (as Ory Hydra does: both end the grant), which makes every token the family
 * minted introspect inactive. Unknown tokens, other clients' tokens and tokens of another
 * authorization server change nothing and still answer 200, so the endpoint is no oracle.
 */
@CommandHandler(RevokeTokenCommand)
export class RevokeTokenHandler implements ICommandHandler<RevokeTokenCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
    private readonly locator: TokenLocator,
  ) {}

  async execute(command: RevokeTokenCommand): Promise<void> {
    const server = this.registry.requireServer(command.authorizationServerId);
    const located = await this.locator.locate(server, command.token, { ignoreExpiry: true });
    if (located.kind === 'unknown') return;
    const tokenId = located.kind === 'refresh_token' ? located.parsed.id : String(located.claims.jti);
    const now = this.clock.now();
    const { context, client } = command;
    await revokeFamily(
      this.loop,
      {
        familyId: located.familyId,
        tokenId,
        reason: 'client_request',
        requestedBy: context.actor,
        onlyForClientId: client.clientId,
        authorizationServerId: server.id,
        now,
      },
      context,
    );
  }
}
