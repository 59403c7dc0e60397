import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';

/** Delete a client for good and revoke every family it holds. */
export class DeleteClientCommand extends Command<void> {
  constructor(
    readonly clientId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
