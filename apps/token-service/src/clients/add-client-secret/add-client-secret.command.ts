import { Command } from '@nestjs/cqrs';
import type { ClientSecretStatus } from '@ledger/domain';
import type { RequestContext } from '../../shared/request-context';
import type { ClientSecretResourceWithSecret } from '../shared/client-secret-resource';

/** Add a generated secret beside the client's current one (at most two), returned once. */
export class AddClientSecretCommand extends Command<ClientSecretResourceWithSecret> {
  constructor(
    readonly clientId: string,
    readonly status: ClientSecretStatus | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
