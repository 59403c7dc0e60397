import { Inject, Injectable } from '@nestjs/common';
import {
  ConfigurationNotFoundError,
  trustedOriginsDecider,
  trustedOriginsStreamName,
  type StoredTrustedOrigin,
  type TrustedOriginsState,
} from '@ledger/domain';
import { EVENT_STORE, fullFoldLoader, type EventStore, type StreamLoader } from '@ledger/event-sourcing';

/** Loads the `trustedOrigins-org` stream by folding it: a handful of origins, rarely changed. */
export const loadTrustedOrigins: StreamLoader<TrustedOriginsState> = fullFoldLoader(trustedOriginsDecider);

/**
 * The trusted-origins API's read side: folds the stream from the event store on every read,
 * so a GET sees every acknowledged write on every replica even while the registry lags.
 */
@Injectable()
export class TrustedOriginsReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Every trusted origin, oldest first. */
  async list(): Promise<readonly StoredTrustedOrigin[]> {
    const { state } = await loadTrustedOrigins(this.store, trustedOriginsStreamName());
    return state.origins;
  }

  /** The origin, or `ConfigurationNotFoundError` when it never existed or was deleted. */
  async require(id: string): Promise<StoredTrustedOrigin> {
    const found = (await this.list()).find((o) => o.id === id);
    if (!found) throw new ConfigurationNotFoundError('trustedOrigin', id);
    return found;
  }
}
