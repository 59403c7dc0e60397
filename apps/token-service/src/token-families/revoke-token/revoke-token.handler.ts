import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RevocationRejected, tokenFamilyDecider, tokenFamilyStreamName } from '@ledger/domain';
import { CommandLoop, uuidv7 } from '@ledger/event-sourcing';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { InvalidRequestError } from '../../oauth-errors/oauth-errors';
import { CLOCK, type Clock } from '../../shared/clock';
import { metadataOf } from '../../shared/request-context';
import { TokenFamilyLoader } from '../shared/family-loader';
import { revokeFamily } from '../shared/revoke-family';
import { TokenLocator } from '../shared/token-locator';
import { RevokeTokenCommand } from './revoke-token.command';

/**
 * RFC 7009 revocation, as Okta: revoking a refresh token revokes its whole family (so every
 * access token it minted introspects inactive); revoking an access token revokes that access
 * token only (`AccessTokenRevoked`), and the refresh token and the family's other access tokens
 * keep working. A token of this authorization server issued to another client is refused with
 * `invalid_request` and changes nothing (RFC 7009 §2.1, "a client may only revoke its own
 * tokens"). Unknown tokens, tokens of another authorization server, and tokens already revoked
 * or expired change nothing and answer 200 (§2.2).
 */
@CommandHandler(RevokeTokenCommand)
export class RevokeTokenHandler implements ICommandHandler<RevokeTokenCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly loop: CommandLoop,
    private readonly registry: ConfigurationRegistry,
    private readonly locator: TokenLocator,
    private readonly families: TokenFamilyLoader,
  ) {}

  async execute(command: RevokeTokenCommand): Promise<void> {
    const server = this.registry.requireServer(command.authorizationServerId);
    const located = await this.locator.locate(server, command.token, { ignoreExpiry: true });
    if (located.kind === 'unknown') return;
    const now = this.clock.now();
    const { context, client } = command;
    try {
      if (located.kind === 'refresh_token') {
        await revokeFamily(
          this.loop,
          this.families.load,
          {
            familyId: located.familyId,
            tokenId: located.parsed.id,
            reason: 'client_request',
            requestedBy: context.actor,
            requestingClientId: client.clientId,
            authorizationServerId: server.id,
            now,
          },
          context,
        );
        return;
      }
      const { jti, exp } = located.claims;
      if (typeof jti !== 'string' || typeof exp !== 'number') return;
      await this.loop.run({
        streamName: tokenFamilyStreamName(located.familyId),
        decider: tokenFamilyDecider,
        load: this.families.load,
        command: {
          type: 'RevokeAccessToken',
          data: {
            familyId: located.familyId,
            accessToken: { jti, exp },
            reason: 'client_request',
            requestedBy: context.actor,
            requestingClientId: client.clientId,
            authorizationServerId: server.id,
            now,
          },
        },
        commandId: uuidv7(),
        metadata: metadataOf(context),
      });
    } catch (error) {
      if (error instanceof RevocationRejected) {
        // The description names no submitted value, and the reason is the same for both kinds.
        throw new InvalidRequestError('The token was not issued to this client.', error.reason, error.message);
      }
      throw error;
    }
  }
}
