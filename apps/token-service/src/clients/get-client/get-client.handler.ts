import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ClientReader } from '../shared/client-reader';
import { toClientResource, type ClientResource } from '../shared/client-resource';
import { GetClientQuery } from './get-client.query';

/** Folds `client-<clientId>` from the event store; 404 for an unknown or deleted client. */
@QueryHandler(GetClientQuery)
export class GetClientHandler implements IQueryHandler<GetClientQuery> {
  constructor(private readonly reader: ClientReader) {}

  async execute({ clientId }: GetClientQuery): Promise<ClientResource> {
    return toClientResource(await this.reader.require(clientId));
  }
}
