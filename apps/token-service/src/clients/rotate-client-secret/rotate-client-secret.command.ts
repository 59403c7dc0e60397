import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';
import type { ClientResourceWithSecret } from '../shared/client-resource';

/** Replace every secret of a client with a generated one, returned once; the old ones stop working. */
export class RotateClientSecretCommand extends Command<ClientResourceWithSecret> {
  constructor(
    readonly clientId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
