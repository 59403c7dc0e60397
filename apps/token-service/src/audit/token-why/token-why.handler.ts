import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { RefreshTokenCodec } from '@ledger/token-crypto';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { TokenLocator } from '../../token-families/shared/token-locator';
import { accessTokenToExplain, explainToken, refreshTokenToExplain, SubjectKeys, tokenIdToExplain, type TokenToExplain } from '@ledger/audit';
import { TokenWhyQuery } from './token-why.query';
import type { TokenWhyResponse } from './token-why.response';

/**
 * Resolves the token the way the token endpoints do (a refresh token by its MAC, an access
 * token by its signature and issuer on any active authorization server, accepting an expired
 * one so the answer can say it expired), then answers with {@link explainToken}, as the CLI's
 * `why` does. A string that is neither, or a token of no family, answers `unknown_token`: the
 * same answer whether the family exists or not.
 */
@QueryHandler(TokenWhyQuery)
export class TokenWhyHandler implements IQueryHandler<TokenWhyQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly codec: RefreshTokenCodec,
    private readonly registry: ConfigurationRegistry,
    private readonly locator: TokenLocator,
    private readonly keys: SubjectKeys,
  ) {}

  async execute({ token, tokenId }: TokenWhyQuery): Promise<TokenWhyResponse> {
    const now = this.clock.now();
    const target = token !== undefined ? await this.resolveToken(token) : tokenIdToExplain(tokenId ?? '');
    return explainToken(this.store, this.keys, target, now);
  }

  private async resolveToken(token: string): Promise<TokenToExplain | null> {
    const parsed = this.codec.parse(token);
    if (parsed) return refreshTokenToExplain(parsed);
    for (const id of this.registry.serverIds()) {
      const server = this.registry.getServer(id);
      if (!server) continue;
      const located = await this.locator.locate(server, token, { ignoreExpiry: true });
      const target = located.kind === 'access_token' ? accessTokenToExplain(located.claims.jti) : null;
      if (target) return target;
    }
    return null;
  }
}
