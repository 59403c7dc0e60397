import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../../shared/request-context';
import type { ClientSecretResource } from '../shared/client-secret-resource';

/** What a secret's lifecycle call asks for. */
export type ClientSecretChange = 'activate' | 'deactivate' | 'delete';

/** Activate, deactivate or delete one secret; the secret as it now is (`null` once deleted). */
export class ChangeClientSecretCommand extends Command<ClientSecretResource | null> {
  constructor(
    readonly clientId: string,
    readonly secretId: string,
    readonly change: ClientSecretChange,
    readonly context: RequestContext,
  ) {
    super();
  }
}
