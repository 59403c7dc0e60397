import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ClientReader } from '../shared/client-reader';
import { toClientResource } from '../shared/client-resource';
import { ListClientsQuery, type ClientPage } from './list-clients.query';

/** Lists registered clients, each folded from the event store, oldest first. */
@QueryHandler(ListClientsQuery)
export class ListClientsHandler implements IQueryHandler<ListClientsQuery> {
  constructor(private readonly reader: ClientReader) {}

  async execute({ limit, after }: ListClientsQuery): Promise<ClientPage> {
    const all = await this.reader.list();
    // A cursor naming a client deleted since is treated as the start rather than an error.
    const start = after === undefined ? 0 : all.findIndex((c) => c.clientId === after) + 1;
    const page = all.slice(start, start + limit);
    const more = start + limit < all.length;
    return { clients: page.map(toClientResource), nextAfter: more && page.length > 0 ? page[page.length - 1].clientId : null };
  }
}
