import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { unknownTokenWhy, whyToken, type TokenWhyQuery as DomainTokenWhyQuery } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { RefreshTokenCodec } from '@ledger/token-crypto';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { CLOCK, type Clock } from '../../shared/clock';
import { TokenLocator } from '../../token-families/shared/token-locator';
import { asTokenFamilyEvents, isFamilyId, readFamilyEvents, SubjectKeys } from '@ledger/audit';
import { TokenWhyQuery } from './token-why.query';
import { tokenWhyResponse, type TokenWhyResponse } from './token-why.response';

/** What a presented token or id resolves to before the family is read. */
interface Resolved {
  readonly familyId: string;
  readonly query: DomainTokenWhyQuery;
}

/**
 * Resolves the token the way the token endpoints do (a refresh token by its MAC, an access
 * token by its signature and issuer on any active authorization server, accepting an expired
 * one so the answer can say it expired), reads the family's whole history from the event store
 * and asks the domain ({@link whyToken}). A string that is neither, or a token of no family,
 * answers `unknown_token`: the same answer whether the family exists or not.
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
    const resolved = token !== undefined ? await this.resolveToken(token) : resolveTokenId(tokenId ?? '');
    if (!resolved) return tokenWhyResponse(unknownTokenWhy(), now);
    // The subject is read through its data key (`[erased]` once destroyed).
    const records = await this.keys.decodeRecords(await readFamilyEvents(this.store, resolved.familyId));
    return tokenWhyResponse(whyToken(asTokenFamilyEvents(records), resolved.query, now), now);
  }

  private async resolveToken(token: string): Promise<Resolved | null> {
    const parsed = this.codec.parse(token);
    if (parsed) return { familyId: parsed.familyId, query: { kind: 'refresh_token', sequence: parsed.sequence, hash: parsed.hash } };
    for (const id of this.registry.serverIds()) {
      const server = this.registry.getServer(id);
      if (!server) continue;
      const located = await this.locator.locate(server, token, { ignoreExpiry: true });
      if (located.kind === 'access_token' && typeof located.claims.jti === 'string') {
        return { familyId: located.familyId, query: { kind: 'access_token', jti: located.claims.jti } };
      }
    }
    return null;
  }
}

/** A refresh-token id or a `jti` both start with the family id, before the first dot. */
function resolveTokenId(tokenId: string): Resolved | null {
  const familyId = tokenId.split('.', 1)[0];
  return isFamilyId(familyId) && tokenId.length > familyId.length ? { familyId, query: { kind: 'token_id', id: tokenId } } : null;
}
