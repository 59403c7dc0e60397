import { Query } from '@nestjs/cqrs';
import type { ClientResource } from '../shared/client-resource';

/** One page of clients, oldest first, and whether more follow. */
export interface ClientPage {
  readonly clients: readonly ClientResource[];
  /** The cursor (`after`) of the next page, or `null` on the last one. */
  readonly nextAfter: string | null;
}

/** Registered clients, oldest first: at most `limit`, starting after the client `after`. */
export class ListClientsQuery extends Query<ClientPage> {
  constructor(
    readonly limit: number,
    readonly after: string | undefined,
  ) {
    super();
  }
}
