import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { ResourceNotFoundError } from '../../management-errors/management-errors';
import { VerifyChainQuery } from './verify-chain.query';
import { verifyStore, type ChainVerificationJson } from '@ledger/audit';

/** Runs {@link verifyStore}; a named stream that does not exist is a 404, never "intact". */
@QueryHandler(VerifyChainQuery)
export class VerifyChainHandler implements IQueryHandler<VerifyChainQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ streamName }: VerifyChainQuery): Promise<ChainVerificationJson> {
    const result = await verifyStore(this.store, streamName);
    if (!result) throw new ResourceNotFoundError(streamName ?? '', 'Stream');
    return result;
  }
}
