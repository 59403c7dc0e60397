import { Query } from '@nestjs/cqrs';
import type { ClientResource } from '../shared/client-resource';

/** One client, folded from its stream; never its secret. */
export class GetClientQuery extends Query<ClientResource> {
  constructor(readonly clientId: string) {
    super();
  }
}
