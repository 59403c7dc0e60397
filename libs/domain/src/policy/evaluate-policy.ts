import {
  ALL_CLIENTS,
  ANY_SCOPE,
  EVERYONE,
  type PolicyRule,
} from '../authorization-server/authorization-server.events';
import type { Lifetimes, Provenance } from '../token-family/token-family.events';
import type { PolicyView, PolicyViewPolicy, PolicyViewRule } from './policy-view';

/** The token request being matched against an authorization server's policies. */
export interface PolicyRequest {
  readonly clientId: string;
  /** The grant being performed (`authorization_code`, `refresh_token`, `client_credentials`...). */
  readonly grantType: string;
  /** Requested scopes; a rule must allow every one of them (or `*`). */
  readonly scopes: readonly string[];
  /** The user; absent when the client acts on its own behalf (`client_credentials`). */
  readonly subject?: string;
  readonly groups?: readonly string[];
}

/** The condition that stopped a policy or rule from matching. */
export type FailedCondition = 'status' | 'clients' | 'grantTypes' | 'scopes' | 'people.users' | 'people.groups';

/**
 * One policy or rule the evaluator examined, in examination order. A policy entry (no `ruleId`)
 * says whether the policy's own conditions held; its rules follow it when they did.
 */
export interface PolicyExplanationEntry {
  readonly policyId: string;
  readonly ruleId?: string;
  readonly matched: boolean;
  readonly failedCondition?: FailedCondition;
  /** Human-readable; names ids, scopes and grant types, never secrets. */
  readonly detail: string;
}

/** A rule matched: the lifetimes to apply and where they came from. */
export interface PolicyMatch {
  readonly matched: true;
  readonly authorizationServerId: string;
  readonly policyId: string;
  readonly ruleId: string;
  readonly configVersion: number;
  readonly lifetimes: Lifetimes;
  /** The same ids as above, shaped for `TokenIssued`/`TokenRefreshed`. */
  readonly provenance: Provenance;
  readonly explanation: readonly PolicyExplanationEntry[];
}

/** No rule matched (or the server is inactive): the request is refused (`access_denied`). */
export interface PolicyNoMatch {
  readonly matched: false;
  readonly authorizationServerId: string;
  readonly configVersion: number;
  readonly reason: 'no_matching_policy' | 'authorization_server_inactive';
  readonly explanation: readonly PolicyExplanationEntry[];
}

/** The outcome of {@link evaluatePolicy}. */
export type PolicyDecision = PolicyMatch | PolicyNoMatch;

/**
 * Finds the rule that governs a token request, Okta's way: ACTIVE policies in priority order
 * (ties: older first) whose clients condition includes the client or `ALL_CLIENTS`; within
 * each, ACTIVE rules in priority order; the first rule whose grant type, scopes and people
 * conditions all hold wins. When no rule of a client-matching policy matches, evaluation moves
 * on to the next policy: Okta documents exactly this ("evaluation will continue to the next
 * Access Policy/Rule ... until a matching policy is found"; support article "Tokens not
 * issued with lifetime configured in access rule for custom authorization server"). No match
 * at all refuses the request.
 *
 * People: a user matches when not excluded (by id or by one of their groups) and included by
 * `EVERYONE`, by id, or by one of their groups; Okta's "assigned ... and a member of one of the
 * following", a union. A request without a subject (the client acting on its own behalf) is not
 * subject to people conditions, as in Okta where they apply to user-acting grants only.
 */
export function evaluatePolicy(server: PolicyView, request: PolicyRequest): PolicyDecision {
  const { authorizationServerId, configVersion } = server;
  if (server.status !== 'ACTIVE') {
    return { matched: false, authorizationServerId, configVersion, reason: 'authorization_server_inactive', explanation: [] };
  }
  const explanation: PolicyExplanationEntry[] = [];
  for (const policy of byPriority(server.policies)) {
    const policyFailure = checkPolicy(policy, request);
    explanation.push(
      policyFailure === null
        ? { policyId: policy.id, matched: true, detail: `policy applies to client '${request.clientId}'` }
        : { policyId: policy.id, matched: false, ...policyFailure },
    );
    if (policyFailure !== null) continue;

    for (const rule of byPriority(policy.rules)) {
      const ruleFailure = checkRule(rule, request);
      if (ruleFailure !== null) {
        explanation.push({ policyId: policy.id, ruleId: rule.id, matched: false, ...ruleFailure });
        continue;
      }
      explanation.push({ policyId: policy.id, ruleId: rule.id, matched: true, detail: 'all conditions hold' });
      const { token } = rule.actions;
      return {
        matched: true,
        authorizationServerId,
        policyId: policy.id,
        ruleId: rule.id,
        configVersion,
        lifetimes: {
          accessTokenMinutes: token.accessTokenLifetimeMinutes,
          refreshTokenMinutes: token.refreshTokenLifetimeMinutes,
          refreshTokenWindowMinutes: token.refreshTokenWindowMinutes,
        },
        provenance: { authorizationServerId, policyId: policy.id, ruleId: rule.id, configVersion },
        explanation,
      };
    }
  }
  return { matched: false, authorizationServerId, configVersion, reason: 'no_matching_policy', explanation };
}

interface Failure {
  readonly failedCondition: FailedCondition;
  readonly detail: string;
}

function checkPolicy(policy: PolicyViewPolicy, request: PolicyRequest): Failure | null {
  if (policy.status !== 'ACTIVE') return { failedCondition: 'status', detail: `policy is ${policy.status}` };
  const clients = policy.conditions.clients.include;
  if (!clients.includes(ALL_CLIENTS) && !clients.includes(request.clientId)) {
    return { failedCondition: 'clients', detail: `client '${request.clientId}' is not in ${list(clients)}` };
  }
  return null;
}

function checkRule(rule: PolicyViewRule, request: PolicyRequest): Failure | null {
  if (rule.status !== 'ACTIVE') return { failedCondition: 'status', detail: `rule is ${rule.status}` };
  const grantTypes = rule.conditions.grantTypes.include;
  if (!grantTypes.includes(request.grantType)) {
    return { failedCondition: 'grantTypes', detail: `grant type '${request.grantType}' is not in ${list(grantTypes)}` };
  }
  const scopes = rule.conditions.scopes.include;
  if (!scopes.includes(ANY_SCOPE)) {
    const notAllowed = request.scopes.filter((scope) => !scopes.includes(scope));
    if (notAllowed.length > 0) {
      return { failedCondition: 'scopes', detail: `requested ${list(notAllowed)} not in ${list(scopes)}` };
    }
  }
  return checkPeople(rule.conditions.people, request);
}

function checkPeople(people: PolicyRule['conditions']['people'], request: PolicyRequest): Failure | null {
  const { subject } = request;
  if (subject === undefined) return null;
  const groups = request.groups ?? [];
  if (people.users.exclude.includes(subject)) {
    return { failedCondition: 'people.users', detail: `user '${subject}' is excluded` };
  }
  const excludedGroup = groups.find((group) => people.groups.exclude.includes(group));
  if (excludedGroup !== undefined) {
    return { failedCondition: 'people.groups', detail: `group '${excludedGroup}' is excluded` };
  }
  const included =
    people.groups.include.includes(EVERYONE) ||
    people.users.include.includes(subject) ||
    groups.some((group) => people.groups.include.includes(group));
  if (included) return null;
  // Name the list the administrator most likely meant: users when only users are listed.
  const failedCondition = people.groups.include.length === 0 && people.users.include.length > 0 ? 'people.users' : 'people.groups';
  return {
    failedCondition,
    detail: `user '${subject}' is not in ${list(people.users.include)} and none of groups ${list(groups)} is in ${list(people.groups.include)}`,
  };
}

/** Priority order; ties go to the older object (lower sequence), then the id, for determinism. */
function byPriority<T extends { readonly priority: number; readonly sequence: number; readonly id: string }>(
  items: readonly T[],
): T[] {
  return [...items].sort(
    (a, b) => a.priority - b.priority || a.sequence - b.sequence || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

function list(values: readonly string[]): string {
  return `[${values.join(', ')}]`;
}
