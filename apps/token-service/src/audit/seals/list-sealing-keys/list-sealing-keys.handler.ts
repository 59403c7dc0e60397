import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { SealingPublicJwk } from '@ledger/token-crypto';
import { SealingKeys } from '../sealing-keys.service';
import { ListSealingKeysQuery } from './list-sealing-keys.query';

/**
 * The keys whose seals verify here: the recorded ones whose private half unwraps under the
 * key-encryption key, and the configured one. Public members only.
 */
@QueryHandler(ListSealingKeysQuery)
export class ListSealingKeysHandler implements IQueryHandler<ListSealingKeysQuery> {
  constructor(private readonly keys: SealingKeys) {}

  async execute(): Promise<{ keys: SealingPublicJwk[] }> {
    const { keys } = await this.keys.trusted();
    return { keys: [...keys.values()].map((jwk) => ({ ...jwk })) };
  }
}
