import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuthorizationServerReader } from '../shared/authorization-server.reader';
import { OktaResourceMapper, type OktaAuthorizationServer, type Versioned } from '../shared/okta-resources';
import { GetAuthorizationServerQuery } from './get-authorization-server.query';

/** Folds the server's stream; 404 when it does not exist or was deleted. */
@QueryHandler(GetAuthorizationServerQuery)
export class GetAuthorizationServerHandler implements IQueryHandler<GetAuthorizationServerQuery> {
  constructor(
    private readonly reader: AuthorizationServerReader,
    private readonly okta: OktaResourceMapper,
  ) {}

  async execute({ authorizationServerId }: GetAuthorizationServerQuery): Promise<Versioned<OktaAuthorizationServer>> {
    const server = await this.reader.require(authorizationServerId);
    return { resource: this.okta.server(server.state.server), revision: server.revision };
  }
}
