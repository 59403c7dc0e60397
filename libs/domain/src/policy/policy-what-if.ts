import type { AuthorizationServerCommand } from '../authorization-server/authorization-server.commands';
import { decideAuthorizationServer } from '../authorization-server/authorization-server.decider';
import {
  evolveAuthorizationServer,
  toPolicyView,
  type AuthorizationServerState,
} from '../authorization-server/authorization-server.state';
import type { Lifetimes } from '../token-family/token-family.events';
import { ConfigurationNotFoundError } from './configuration.errors';
import { evaluatePolicy, type PolicyDecision, type PolicyRequest } from './evaluate-policy';
import type { PolicyView } from './policy-view';

/**
 * The unsaved changes a what-if can try: every policy and rule command of the management API
 * (create, replace, activate, deactivate, delete). Server settings are not policy changes.
 */
export type PolicyDraftCommand = Extract<
  AuthorizationServerCommand,
  {
    type:
      | 'CreateAccessPolicy'
      | 'UpdateAccessPolicy'
      | 'ActivateAccessPolicy'
      | 'DeactivateAccessPolicy'
      | 'DeleteAccessPolicy'
      | 'CreatePolicyRule'
      | 'UpdatePolicyRule'
      | 'ActivatePolicyRule'
      | 'DeactivatePolicyRule'
      | 'DeletePolicyRule';
  }
>;

/** One server's policies now and as they would be once the draft is saved. */
export interface DraftPolicyViews {
  readonly current: PolicyView;
  readonly draft: PolicyView;
  /** How many events saving the draft would append (0: it changes nothing). */
  readonly eventCount: number;
}

/**
 * Decides the draft with the decider a write runs, and folds the events it would append into a
 * copy of the state, appending nothing. A draft is therefore refused exactly as the create,
 * update and lifecycle routes would refuse it (the decider's `InvalidConfigurationError`,
 * `ConfigurationNotFoundError`, `ConfigurationConflictError`), and the draft's configuration
 * version is the revision the stream would reach.
 */
export function draftPolicyViews(
  state: AuthorizationServerState,
  streamRevision: bigint | number,
  command: PolicyDraftCommand,
): DraftPolicyViews {
  const events = decideAuthorizationServer(command, state);
  const current = toPolicyView(state, streamRevision);
  const draft = toPolicyView(events.reduce(evolveAuthorizationServer, state), Number(streamRevision) + events.length);
  // The decider refuses every policy command on a server that does not exist, so both are set.
  if (current === null || draft === null) throw new ConfigurationNotFoundError('authorizationServer', command.data.authorizationServerId);
  return { current, draft, eventCount: events.length };
}

/**
 * What a refresh of a family matches the policy with (SPEC §5): the family's client, its
 * original grant type, subject and groups, and its granted scopes (a refresh without `scope`
 * asks for the whole grant; one that narrows may match a rule the whole grant does not).
 */
export type RefreshingFamily = PolicyRequest;

/** The rule a family's next refresh would match, with names and the rule's `actions.token`. */
export interface MatchedRule {
  readonly policyId: string;
  readonly policyName: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly lifetimes: Lifetimes;
}

/**
 * How a change alters a family's next refresh:
 * - `unchanged`: the same rule and access-token lifetime;
 * - `accessTokenLifetimeChanged`: the same rule, another access-token lifetime;
 * - `movesToAnotherRule`: another rule (of the same or another policy) would match;
 * - `stopsMatching`: no rule would match any more: the refresh would be refused (`access_denied`,
 *   reason `no_matching_rule`) until a rule matches again;
 * - `startsMatching`: no rule matches now (the refresh fails today), one would;
 * - `stillUnmatched`: no rule matches before nor after.
 *
 * The refresh-token lifetime and idle window of an existing family were fixed at its issuance
 * and no refresh changes them: a rule's new values apply to families issued after the change.
 */
export type RefreshEffectKind =
  | 'unchanged'
  | 'accessTokenLifetimeChanged'
  | 'movesToAnotherRule'
  | 'stopsMatching'
  | 'startsMatching'
  | 'stillUnmatched';

/** Every kind, in the order answers list them. */
export const REFRESH_EFFECT_KINDS: readonly RefreshEffectKind[] = [
  'unchanged',
  'accessTokenLifetimeChanged',
  'movesToAnotherRule',
  'stopsMatching',
  'startsMatching',
  'stillUnmatched',
];

/** The rule a family's next refresh matches now and would match with the draft (`null`: none). */
export interface RefreshEffect {
  readonly kind: RefreshEffectKind;
  readonly before: MatchedRule | null;
  readonly after: MatchedRule | null;
}

/**
 * The family's next refresh evaluated, as the refresh decider does, on the current
 * configuration and on the draft. Pure: the caller supplies the family's facts.
 */
export function refreshEffect(views: Pick<DraftPolicyViews, 'current' | 'draft'>, family: RefreshingFamily): RefreshEffect {
  const before = matchedRule(views.current, evaluatePolicy(views.current, family));
  const after = matchedRule(views.draft, evaluatePolicy(views.draft, family));
  return { kind: effectKind(before, after), before, after };
}

function effectKind(before: MatchedRule | null, after: MatchedRule | null): RefreshEffectKind {
  if (before === null) return after === null ? 'stillUnmatched' : 'startsMatching';
  if (after === null) return 'stopsMatching';
  if (before.policyId !== after.policyId || before.ruleId !== after.ruleId) return 'movesToAnotherRule';
  return before.lifetimes.accessTokenMinutes === after.lifetimes.accessTokenMinutes ? 'unchanged' : 'accessTokenLifetimeChanged';
}

function matchedRule(view: PolicyView, decision: PolicyDecision): MatchedRule | null {
  if (!decision.matched) return null;
  const policy = view.policies.find((p) => p.id === decision.policyId);
  const rule = policy?.rules.find((r) => r.id === decision.ruleId);
  return {
    policyId: decision.policyId,
    policyName: policy?.name ?? decision.policyId,
    ruleId: decision.ruleId,
    ruleName: rule?.name ?? decision.ruleId,
    lifetimes: decision.lifetimes,
  };
}

/** Families that would see the same change: the same kind, from the same rule to the same rule. */
export interface EffectTransition {
  readonly kind: RefreshEffectKind;
  readonly before: MatchedRule | null;
  readonly after: MatchedRule | null;
  readonly families: number;
}

/** One client's families by kind of effect. */
export interface ClientEffects {
  readonly clientId: string;
  readonly families: number;
  readonly counts: Readonly<Record<RefreshEffectKind, number>>;
}

/** What {@link PolicyWhatIfTally.summary} answers. */
export interface PolicyWhatIfSummary<Example> {
  readonly familiesExamined: number;
  readonly counts: Readonly<Record<RefreshEffectKind, number>>;
  /** Every distinct transition, most families first (then by kind order). */
  readonly transitions: readonly EffectTransition[];
  /** Clients with at least one family examined, by client id. */
  readonly clients: readonly ClientEffects[];
  /** Up to the cap per kind, in the order the families were added. */
  readonly examples: readonly (Example & { readonly kind: RefreshEffectKind })[];
}

/**
 * Accumulates effects family by family, in memory bounded by the configuration, not by the
 * number of families: counts per kind, one entry per distinct (kind, rule before, rule after),
 * one per client, and at most `maxExamplesPerKind` examples of each kind.
 */
export class PolicyWhatIfTally<Example extends object> {
  private examined = 0;
  private readonly counts = zeroCounts();
  private readonly transitions = new Map<string, { kind: RefreshEffectKind; before: MatchedRule | null; after: MatchedRule | null; families: number }>();
  private readonly clients = new Map<string, { families: number; counts: Record<RefreshEffectKind, number> }>();
  private readonly examples: (Example & { readonly kind: RefreshEffectKind })[] = [];
  private readonly examplesOfKind = zeroCounts();

  constructor(private readonly maxExamplesPerKind: number) {}

  /** Whether an example of this kind would still be kept (so the caller can skip building it). */
  wantsExample(kind: RefreshEffectKind): boolean {
    return this.examplesOfKind[kind] < this.maxExamplesPerKind;
  }

  add(clientId: string, effect: RefreshEffect, example?: Example): void {
    this.examined += 1;
    this.counts[effect.kind] += 1;
    const key = `${effect.kind}\u0000${ruleKey(effect.before)}\u0000${ruleKey(effect.after)}`;
    const transition = this.transitions.get(key);
    if (transition) transition.families += 1;
    else this.transitions.set(key, { kind: effect.kind, before: effect.before, after: effect.after, families: 1 });
    let client = this.clients.get(clientId);
    if (!client) this.clients.set(clientId, (client = { families: 0, counts: zeroCounts() }));
    client.families += 1;
    client.counts[effect.kind] += 1;
    if (example !== undefined && this.wantsExample(effect.kind)) {
      this.examplesOfKind[effect.kind] += 1;
      this.examples.push({ kind: effect.kind, ...example });
    }
  }

  summary(): PolicyWhatIfSummary<Example> {
    const kindOrder = (kind: RefreshEffectKind) => REFRESH_EFFECT_KINDS.indexOf(kind);
    return {
      familiesExamined: this.examined,
      counts: { ...this.counts },
      transitions: [...this.transitions.values()]
        .map((t) => ({ ...t }))
        .sort((a, b) => b.families - a.families || kindOrder(a.kind) - kindOrder(b.kind)),
      clients: [...this.clients.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([clientId, c]) => ({ clientId, families: c.families, counts: { ...c.counts } })),
      examples: [...this.examples],
    };
  }
}

function zeroCounts(): Record<RefreshEffectKind, number> {
  return Object.fromEntries(REFRESH_EFFECT_KINDS.map((kind) => [kind, 0])) as Record<RefreshEffectKind, number>;
}

function ruleKey(rule: MatchedRule | null): string {
  if (rule === null) return '';
  const { accessTokenMinutes, refreshTokenMinutes, refreshTokenWindowMinutes } = rule.lifetimes;
  return `${rule.policyId}/${rule.ruleId}/${accessTokenMinutes}/${refreshTokenMinutes}/${refreshTokenWindowMinutes}`;
}
