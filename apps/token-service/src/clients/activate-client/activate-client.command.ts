import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';

/** Enable a client again; families revoked while it was disabled stay revoked. */
export class ActivateClientCommand extends Command<void> {
  constructor(
    readonly clientId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
