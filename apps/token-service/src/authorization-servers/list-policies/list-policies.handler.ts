import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuthorizationServerReader, policiesOf } from '../shared/authorization-server.reader';
import { OktaResourceMapper, type OktaAccessPolicy, type Versioned } from '../shared/okta-resources';
import { ListPoliciesQuery } from './list-policies.query';

/** Folds the server's stream and lists its policies by (priority, age). */
@QueryHandler(ListPoliciesQuery)
export class ListPoliciesHandler implements IQueryHandler<ListPoliciesQuery> {
  constructor(
    private readonly reader: AuthorizationServerReader,
    private readonly okta: OktaResourceMapper,
  ) {}

  async execute({ authorizationServerId }: ListPoliciesQuery): Promise<Versioned<OktaAccessPolicy[]>> {
    const server = await this.reader.require(authorizationServerId);
    return { resource: policiesOf(server).map((p) => this.okta.policy(authorizationServerId, p)), revision: server.revision };
  }
}
