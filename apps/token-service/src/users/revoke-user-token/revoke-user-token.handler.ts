import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isFamilyId } from '@ledger/audit';
import { tokenFamilyStreamName } from '@ledger/domain';
import { CommandLoop, EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { CLOCK, type Clock } from '../../shared/clock';
import { TokenFamilyLoader } from '../../token-families/shared/family-loader';
import { revokeFamily } from '../../token-families/shared/revoke-family';
import { refreshTokenNotFound } from '../shared/refresh-token-not-found';
import { RevokeUserTokenCommand } from './revoke-user-token.command';

/**
 * Checks ownership on the family's own stream, not the read model: the facts it checks
 * (subject, client, whether a refresh token was issued) are fixed at issuance, and the stream
 * never lags, so a token issued a moment ago can be revoked at once. Then the one revoke path
 * every revocation takes (`RevokeFamily` through the command loop, reason `admin`), which
 * appends nothing for a family already revoked: a second DELETE is a 204 that changes nothing.
 */
@CommandHandler(RevokeUserTokenCommand)
export class RevokeUserTokenHandler implements ICommandHandler<RevokeUserTokenCommand> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly loop: CommandLoop,
    private readonly families: TokenFamilyLoader,
  ) {}

  async execute({ userId, clientId, tokenId, context }: RevokeUserTokenCommand): Promise<void> {
    if (!isFamilyId(tokenId)) throw refreshTokenNotFound(tokenId);
    const { state } = await this.families.load(this.store, tokenFamilyStreamName(tokenId));
    if (state.status === 'empty' || state.subject !== userId || state.clientId !== clientId || state.currentRefreshToken === null) {
      throw refreshTokenNotFound(tokenId);
    }
    await revokeFamily(
      this.loop,
      this.families.load,
      // The decider checks the client again before acting (the family's facts never change).
      { familyId: tokenId, reason: 'admin', requestedBy: context.actor, onlyForClientId: clientId, now: this.clock.now() },
      context,
    );
  }
}
