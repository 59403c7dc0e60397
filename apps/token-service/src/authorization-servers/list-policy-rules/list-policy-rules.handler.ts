import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuthorizationServerReader, requirePolicy, rulesOf } from '../shared/authorization-server.reader';
import { OktaResourceMapper, type OktaPolicyRule, type Versioned } from '../shared/okta-resources';
import { ListPolicyRulesQuery } from './list-policy-rules.query';

/** Folds the server's stream and lists the policy's rules by (priority, age); 404 for an unknown policy. */
@QueryHandler(ListPolicyRulesQuery)
export class ListPolicyRulesHandler implements IQueryHandler<ListPolicyRulesQuery> {
  constructor(
    private readonly reader: AuthorizationServerReader,
    private readonly okta: OktaResourceMapper,
  ) {}

  async execute({ authorizationServerId, policyId }: ListPolicyRulesQuery): Promise<Versioned<OktaPolicyRule[]>> {
    const server = await this.reader.require(authorizationServerId);
    requirePolicy(server, policyId);
    return { resource: rulesOf(server, policyId).map((r) => this.okta.rule(authorizationServerId, r)), revision: server.revision };
  }
}
