import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { signingKeysActiveFirst, signingKeysDecider, signingKeysStreamName } from '@ledger/domain';
import { EVENT_STORE, fullFoldLoader, type EventStore } from '@ledger/event-sourcing';
import { CLOCK, type Clock } from '../../shared/clock';
import { requireAuthorizationServer } from '../require-authorization-server';
import { toSigningKeyResponse, type SigningKeyResponse } from '../signing-key-response';
import { ListSigningKeysQuery } from './list-signing-keys.query';

/**
 * Folds the `signingKeys-<as>` stream afresh (a management read: it must show a rotation made
 * on any replica, not this process's cache) and lists every key, the active one first, then
 * newest first, with its status judged now. Retired keys stay listed as `RETIRED`.
 */
@QueryHandler(ListSigningKeysQuery)
export class ListSigningKeysHandler implements IQueryHandler<ListSigningKeysQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(query: ListSigningKeysQuery): Promise<SigningKeyResponse[]> {
    await requireAuthorizationServer(this.store, query.authorizationServerId);
    const { state } = await fullFoldLoader(signingKeysDecider)(this.store, signingKeysStreamName(query.authorizationServerId));
    const now = this.clock.now();
    return signingKeysActiveFirst(state).map((key) => toSigningKeyResponse(state, key, now));
  }
}
