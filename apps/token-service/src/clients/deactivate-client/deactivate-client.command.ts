import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';

/** Disable a client and revoke every family it holds. */
export class DeactivateClientCommand extends Command<void> {
  constructor(
    readonly clientId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
