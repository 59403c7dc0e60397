import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuthorizationServerReader, requirePolicy } from '../shared/authorization-server.reader';
import { OktaResourceMapper, type OktaAccessPolicy, type Versioned } from '../shared/okta-resources';
import { GetPolicyQuery } from './get-policy.query';

/** Folds the server's stream; 404 for an unknown server or policy. */
@QueryHandler(GetPolicyQuery)
export class GetPolicyHandler implements IQueryHandler<GetPolicyQuery> {
  constructor(
    private readonly reader: AuthorizationServerReader,
    private readonly okta: OktaResourceMapper,
  ) {}

  async execute({ authorizationServerId, policyId }: GetPolicyQuery): Promise<Versioned<OktaAccessPolicy>> {
    const server = await this.reader.require(authorizationServerId);
    return { resource: this.okta.policy(authorizationServerId, requirePolicy(server, policyId)), revision: server.revision };
  }
}
