import { Query } from '@nestjs/cqrs';
import type { FailedCondition } from '@ledger/domain';

/** One policy or rule the evaluation examined, in examination order, with its name. */
export interface ExplainedEntry {
  readonly policyId: string;
  readonly policyName: string;
  /** Absent on a policy's own entry (its clients condition and status). */
  readonly ruleId?: string;
  readonly ruleName?: string;
  readonly matched: boolean;
  readonly failedCondition?: FailedCondition;
  readonly detail: string;
}

/** The decision the token endpoints would take for this request at this configuration version. */
export interface PolicyExplanation {
  readonly authorizationServerId: string;
  /** Revision of `authorizationServer-<id>`: what `provenance.configVersion` would record. */
  readonly configVersion: number;
  readonly request: {
    readonly clientId: string;
    readonly grantType: string;
    readonly scopes: readonly string[];
    readonly sub?: string;
    readonly groups: readonly string[];
  };
  readonly matched: boolean;
  /** Why nothing matched: `no_matching_policy` (answered `access_denied`) or `authorization_server_inactive`. */
  readonly reason?: 'no_matching_policy' | 'authorization_server_inactive';
  readonly policy: { readonly id: string; readonly name: string } | null;
  readonly rule: { readonly id: string; readonly name: string } | null;
  /** The rule's `actions.token` that a family issued now would get. */
  readonly lifetimes: {
    readonly accessTokenLifetimeMinutes: number;
    readonly refreshTokenLifetimeMinutes: number;
    readonly refreshTokenWindowMinutes: number;
  } | null;
  /** Every policy and rule examined, in order: those ranked above the match say why they did not match. */
  readonly explanation: readonly ExplainedEntry[];
}

/** Which policy and rule, and which lifetimes, would govern this token request, and why. */
export class ExplainPolicyQuery extends Query<PolicyExplanation> {
  constructor(
    readonly authorizationServerId: string,
    readonly clientId: string,
    readonly grantType: string,
    readonly scopes: readonly string[],
    readonly subject: string | undefined,
    readonly groups: readonly string[],
  ) {
    super();
  }
}
