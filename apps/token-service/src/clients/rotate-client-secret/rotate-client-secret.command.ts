import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';
import type { ClientResourceWithSecret } from '../shared/client-resource';

/** Replace a client's secret with a generated one, returned once; the old one stops working. */
export class RotateClientSecretCommand extends Command<ClientResourceWithSecret> {
  constructor(
    readonly clientId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
