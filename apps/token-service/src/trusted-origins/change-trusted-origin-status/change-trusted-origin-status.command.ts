import { Command } from '@nestjs/cqrs';
import type { TrustedOriginStatus } from '@ledger/domain';
import type { RequestContext } from '../../shared/request-context';
import type { TrustedOriginResource } from '../shared/trusted-origin-resource';

/** Activate or deactivate a trusted origin. */
export class ChangeTrustedOriginStatusCommand extends Command<TrustedOriginResource> {
  constructor(
    readonly id: string,
    readonly status: TrustedOriginStatus,
    readonly context: RequestContext,
  ) {
    super();
  }
}
