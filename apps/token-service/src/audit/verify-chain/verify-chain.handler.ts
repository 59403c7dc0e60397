import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { ResourceNotFoundError } from '../../management-errors/management-errors';
import { SealingKeys } from '../seals/sealing-keys.service';
import { VerifyChainQuery } from './verify-chain.query';
import { verifyLedger, verifyStore, type ChainVerificationJson, type LedgerVerificationJson } from '@ledger/audit';

/**
 * One stream: {@link verifyStore} (a named stream that does not exist is a 404, never
 * "intact"). The whole log: {@link verifyLedger}, the chains and the seals, gaps and removals.
 */
@QueryHandler(VerifyChainQuery)
export class VerifyChainHandler implements IQueryHandler<VerifyChainQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly keys: SealingKeys,
  ) {}

  async execute({ streamName }: VerifyChainQuery): Promise<ChainVerificationJson | LedgerVerificationJson> {
    if (streamName === undefined) {
      const { keys, untrusted } = await this.keys.trusted();
      return verifyLedger(this.store, { trustedKeys: keys, untrustedKeys: untrusted, densePositions: this.config.eventStoreUrl === undefined });
    }
    const result = await verifyStore(this.store, streamName);
    if (!result) throw new ResourceNotFoundError(streamName, 'Stream');
    return result;
  }
}
