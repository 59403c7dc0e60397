import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';

/** Delete a trusted origin. */
export class DeleteTrustedOriginCommand extends Command<void> {
  constructor(
    readonly id: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
