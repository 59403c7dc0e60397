import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuthorizationServerReader } from '../shared/authorization-server.reader';
import { OktaResourceMapper, type OktaAuthorizationServer } from '../shared/okta-resources';
import { ListAuthorizationServersQuery } from './list-authorization-servers.query';

/** Lists the servers, each folded from its stream (oldest first). */
@QueryHandler(ListAuthorizationServersQuery)
export class ListAuthorizationServersHandler implements IQueryHandler<ListAuthorizationServersQuery> {
  constructor(
    private readonly reader: AuthorizationServerReader,
    private readonly okta: OktaResourceMapper,
  ) {}

  async execute(): Promise<OktaAuthorizationServer[]> {
    const servers = await this.reader.list();
    return servers.map((server) => this.okta.server(server.state.server));
  }
}
