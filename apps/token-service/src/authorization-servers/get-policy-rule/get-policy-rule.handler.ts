import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuthorizationServerReader, requireRule } from '../shared/authorization-server.reader';
import { OktaResourceMapper, type OktaPolicyRule, type Versioned } from '../shared/okta-resources';
import { GetPolicyRuleQuery } from './get-policy-rule.query';

/** Folds the server's stream; 404 for an unknown server, policy or rule. */
@QueryHandler(GetPolicyRuleQuery)
export class GetPolicyRuleHandler implements IQueryHandler<GetPolicyRuleQuery> {
  constructor(
    private readonly reader: AuthorizationServerReader,
    private readonly okta: OktaResourceMapper,
  ) {}

  async execute({ authorizationServerId, policyId, ruleId }: GetPolicyRuleQuery): Promise<Versioned<OktaPolicyRule>> {
    const server = await this.reader.require(authorizationServerId);
    return { resource: this.okta.rule(authorizationServerId, requireRule(server, policyId, ruleId)), revision: server.revision };
  }
}
