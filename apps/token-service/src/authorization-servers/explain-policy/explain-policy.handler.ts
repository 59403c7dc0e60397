import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { evaluatePolicy, toPolicyView, type PolicyView } from '@ledger/domain';
import { ApiValidationError } from '../../management-errors/management-errors';
import { AuthorizationServerReader } from '../shared/authorization-server.reader';
import { RegisteredClients } from '../shared/registered-clients';
import { ExplainPolicyQuery, type ExplainedEntry, type PolicyExplanation } from './explain-policy.query';

/**
 * Runs the same `evaluatePolicy` the token endpoints run, on the server folded from the event
 * store, and returns its explanation with names. It does not apply issuance's own checks
 * (client grant types, scopes defined on the server, dropping `offline_access`): it explains
 * the policy decision only.
 */
@QueryHandler(ExplainPolicyQuery)
export class ExplainPolicyHandler implements IQueryHandler<ExplainPolicyQuery> {
  constructor(
    private readonly reader: AuthorizationServerReader,
    private readonly clients: RegisteredClients,
  ) {}

  async execute(query: ExplainPolicyQuery): Promise<PolicyExplanation> {
    const server = await this.reader.require(query.authorizationServerId);
    if (!(await this.clients.isRegistered(query.clientId))) {
      throw new ApiValidationError('client_id', 'is not a registered client');
    }
    // Non-null: the reader only returns servers that exist.
    const view = toPolicyView(server.state, server.revision) as PolicyView;
    const request = { clientId: query.clientId, grantType: query.grantType, scopes: query.scopes, subject: query.subject, groups: query.groups };
    const decision = evaluatePolicy(view, request);
    const names = namesOf(view);
    const explanation = decision.explanation.map(
      (entry): ExplainedEntry => ({
        policyId: entry.policyId,
        policyName: names.get(entry.policyId) ?? entry.policyId,
        ...(entry.ruleId !== undefined ? { ruleId: entry.ruleId, ruleName: names.get(`${entry.policyId}/${entry.ruleId}`) ?? entry.ruleId } : {}),
        matched: entry.matched,
        ...(entry.failedCondition !== undefined ? { failedCondition: entry.failedCondition } : {}),
        detail: entry.detail,
      }),
    );
    const echoed = {
      clientId: query.clientId,
      grantType: query.grantType,
      scopes: query.scopes,
      ...(query.subject !== undefined ? { sub: query.subject } : {}),
      groups: query.groups,
    };
    if (!decision.matched) {
      return {
        authorizationServerId: view.authorizationServerId,
        configVersion: decision.configVersion,
        request: echoed,
        matched: false,
        reason: decision.reason,
        policy: null,
        rule: null,
        lifetimes: null,
        explanation,
      };
    }
    return {
      authorizationServerId: view.authorizationServerId,
      configVersion: decision.configVersion,
      request: echoed,
      matched: true,
      policy: { id: decision.policyId, name: names.get(decision.policyId) ?? decision.policyId },
      rule: { id: decision.ruleId, name: names.get(`${decision.policyId}/${decision.ruleId}`) ?? decision.ruleId },
      lifetimes: {
        accessTokenLifetimeMinutes: decision.lifetimes.accessTokenMinutes,
        refreshTokenLifetimeMinutes: decision.lifetimes.refreshTokenMinutes,
        refreshTokenWindowMinutes: decision.lifetimes.refreshTokenWindowMinutes,
      },
      explanation,
    };
  }
}

/** Names by `policyId` and by `policyId/ruleId`. */
function namesOf(view: PolicyView): Map<string, string> {
  const names = new Map<string, string>();
  for (const policy of view.policies) {
    names.set(policy.id, policy.name);
    for (const rule of policy.rules) names.set(`${policy.id}/${rule.id}`, rule.name);
  }
  return names;
}
