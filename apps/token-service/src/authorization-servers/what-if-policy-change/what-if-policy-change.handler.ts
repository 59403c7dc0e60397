import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { iso, SubjectKeys } from '@ledger/audit';
import {
  draftPolicyViews,
  erasedPersonalFields,
  InvalidConfigurationError,
  legacySubjectOf,
  ERASED,
  PolicyWhatIfTally,
  refreshEffect,
  tokenFamilyStreamName,
  type MatchedRule,
  type PersonalFields,
  type PolicyDraftCommand,
} from '@ledger/domain';
import { canRefreshAt } from '@ledger/domain/projections';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { ReadModelDatabase, type FamilyCursor, type FamilyView } from '@ledger/read-model-sqlite';
import { CLOCK, type Clock } from '../../shared/clock';
import { RESERVED_POLICY_IDS } from '../create-policy/create-policy.handler';
import { AuthorizationServerReader } from '../shared/authorization-server.reader';
import { newOktaId, OKTA_ID_PREFIX } from '../shared/okta-id';
import { RegisteredClients } from '../shared/registered-clients';
import { WhatIfPolicyChangeQuery, type PolicyDraft } from './what-if-policy-change.query';
import type { PolicyWhatIfResponseDto, WhatIfExampleDto, WhatIfRuleDto } from './what-if-policy-change.response.dto';

/** Families read from the read model per page. */
const FAMILIES_PAGE = 500;

type Example = Omit<WhatIfExampleDto, 'kind'>;

/**
 * Evaluates a draft policy or rule change against the live families of one authorization
 * server. The draft goes through the server decider exactly as the write would (so it is
 * refused for the same reasons), its events are folded into a copy of the server's state and
 * nothing is appended. Each family whose refresh token can still be exchanged is then matched,
 * as a refresh matches it (SPEC §5: the family's client, original grant type, subject, groups
 * and granted scopes), against the current policies and the draft ones.
 *
 * Cost: one pass over the `token_families` read model's active families (all servers', in
 * issue order; there is no index by server), {@link FAMILIES_PAGE} rows in memory at a time,
 * plus one decryption of each of this server's families' personal fields (subject and groups:
 * people conditions need them) with the subject's data key, cached per subject. Time grows with
 * the number of live families (about what listing them all through the ops API costs); memory
 * does not: the tally keeps counts per kind, rule transition and client, and capped examples.
 * The read model may lag the log by a batch, as every ops view.
 */
@QueryHandler(WhatIfPolicyChangeQuery)
export class WhatIfPolicyChangeHandler implements IQueryHandler<WhatIfPolicyChangeQuery> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reader: AuthorizationServerReader,
    private readonly clients: RegisteredClients,
    private readonly readModels: ReadModelDatabase,
    private readonly subjectKeys: SubjectKeys,
  ) {}

  async execute({ authorizationServerId, draft, maxExamplesPerKind }: WhatIfPolicyChangeQuery): Promise<PolicyWhatIfResponseDto> {
    const server = await this.reader.require(authorizationServerId);
    const now = this.clock.now();
    const command = await this.commandOf(authorizationServerId, draft, now);
    const views = draftPolicyViews(server.state, server.revision, command);

    const tally = new PolicyWhatIfTally<Example>(maxExamplesPerKind);
    let after: FamilyCursor | null = null;
    do {
      const page = this.readModels.tokenFamilies.families({ status: 'active', limit: FAMILIES_PAGE, now, ...(after ? { after } : {}) });
      for (const family of page.families) {
        if (family.authorizationServerId !== authorizationServerId || !canRefreshAt(family, now)) continue;
        const personal = await this.personalOf(family);
        const effect = refreshEffect(views, {
          clientId: family.clientId,
          grantType: family.grantType,
          scopes: family.scopes,
          subject: personal.subject,
          groups: personal.groups ?? [],
        });
        const example = tally.wantsExample(effect.kind)
          ? {
              familyId: family.familyId,
              clientId: family.clientId,
              subject: personal.subject,
              issuedAt: iso(family.issuedAt),
              before: ruleDto(effect.before),
              after: ruleDto(effect.after),
            }
          : undefined;
        tally.add(family.clientId, effect, example);
      }
      after = page.next;
    } while (after !== null);

    const summary = tally.summary();
    return {
      authorizationServerId,
      draft: echoOf(draft, command),
      configVersion: views.current.configVersion,
      draftConfigVersion: views.draft.configVersion,
      evaluatedAt: iso(now),
      familiesExamined: summary.familiesExamined,
      counts: summary.counts,
      transitions: summary.transitions.map((t) => ({ kind: t.kind, before: ruleDto(t.before), after: ruleDto(t.after), families: t.families })),
      clients: summary.clients.map((c) => ({
        clientId: c.clientId,
        families: c.families,
        affected: c.families - c.counts.unchanged - c.counts.stillUnmatched,
        counts: c.counts,
      })),
      maxExamplesPerKind,
      examples: [...summary.examples],
    };
  }

  /**
   * The command the draft's route would run, with the same preparation: a generated id for a
   * new policy or rule, the registered clients among those a policy names (the decider cannot
   * read other streams), the reserved policy ids, and the id of a replaced resource checked
   * against the one named.
   */
  private async commandOf(authorizationServerId: string, draft: PolicyDraft, now: number): Promise<PolicyDraftCommand> {
    switch (draft.change) {
      case 'createPolicy': {
        const { policy } = draft;
        if (policy.id !== undefined && RESERVED_POLICY_IDS.includes(policy.id)) {
          throw new InvalidConfigurationError('id', `'${policy.id}' is reserved (GET .../policies/explain)`);
        }
        const knownClientIds = await this.clients.among(policy.conditions?.clients?.include);
        const id = policy.id ?? newOktaId(OKTA_ID_PREFIX.accessPolicy);
        return { type: 'CreateAccessPolicy', data: { authorizationServerId, policy: { ...policy, id }, knownClientIds, now } };
      }
      case 'updatePolicy': {
        const { policy, policyId } = draft;
        if (policy.id !== undefined && policy.id !== policyId) throw new InvalidConfigurationError('id', 'must be the policyId of the draft');
        const knownClientIds = await this.clients.among(policy.conditions?.clients?.include);
        return { type: 'UpdateAccessPolicy', data: { authorizationServerId, policy: { ...policy, id: policyId }, knownClientIds, now } };
      }
      case 'activatePolicy':
      case 'deactivatePolicy':
      case 'deletePolicy': {
        const type = draft.change === 'activatePolicy' ? 'ActivateAccessPolicy' : draft.change === 'deactivatePolicy' ? 'DeactivateAccessPolicy' : 'DeleteAccessPolicy';
        return { type, data: { authorizationServerId, policyId: draft.policyId, now } };
      }
      case 'createRule': {
        const { rule, policyId } = draft;
        const id = rule.id ?? newOktaId(OKTA_ID_PREFIX.policyRule);
        return { type: 'CreatePolicyRule', data: { authorizationServerId, rule: { ...rule, id, policyId }, now } };
      }
      case 'updateRule': {
        const { rule, policyId, ruleId } = draft;
        if (rule.id !== undefined && rule.id !== ruleId) throw new InvalidConfigurationError('id', 'must be the ruleId of the draft');
        return { type: 'UpdatePolicyRule', data: { authorizationServerId, rule: { ...rule, id: ruleId, policyId }, now } };
      }
      case 'activateRule':
      case 'deactivateRule':
      case 'deleteRule': {
        const type = draft.change === 'activateRule' ? 'ActivatePolicyRule' : draft.change === 'deactivateRule' ? 'DeactivatePolicyRule' : 'DeletePolicyRule';
        return { type, data: { authorizationServerId, policyId: draft.policyId, ruleId: draft.ruleId, now } };
      }
    }
  }

  /**
   * The subject and groups a refresh of this family would be matched with. A refresh reads the
   * family's issuance decrypted, or as `[erased]` once the subject's key is destroyed, so the
   * same is evaluated here. A family issued before personal fields were encrypted has its
   * subject in the read model but not its groups: those come from its `TokenIssued` (one read
   * of that family's first event).
   */
  private async personalOf(family: FamilyView): Promise<PersonalFields> {
    if (family.personal !== null) {
      const view = await this.subjectKeys.personalOf({ personal: { subjectRef: family.subjectRef, ciphertext: family.personal } });
      return view.kind === 'decrypted' ? view.fields : erasedPersonalFields();
    }
    const [issued] = await this.store.readStream(tokenFamilyStreamName(family.familyId), { maxCount: 1 });
    const data = issued?.type === 'TokenIssued' ? (issued.data as Partial<PersonalFields>) : {};
    return {
      subject: typeof data.subject === 'string' ? data.subject : (legacySubjectOf(family.subjectRef) ?? ERASED),
      groups: Array.isArray(data.groups) ? data.groups.filter((g): g is string => typeof g === 'string') : [],
    };
  }
}

function ruleDto(rule: MatchedRule | null): WhatIfRuleDto | null {
  if (rule === null) return null;
  return {
    policyId: rule.policyId,
    policyName: rule.policyName,
    ruleId: rule.ruleId,
    ruleName: rule.ruleName,
    accessTokenLifetimeMinutes: rule.lifetimes.accessTokenMinutes,
    refreshTokenLifetimeMinutes: rule.lifetimes.refreshTokenMinutes,
    refreshTokenWindowMinutes: rule.lifetimes.refreshTokenWindowMinutes,
  };
}

/** The change as answered: its kind and the ids it names, a created resource's generated one included. */
function echoOf(draft: PolicyDraft, command: PolicyDraftCommand): PolicyWhatIfResponseDto['draft'] {
  const policyId = 'policyId' in draft ? draft.policyId : command.type === 'CreateAccessPolicy' ? command.data.policy.id : undefined;
  const ruleId = 'ruleId' in draft ? draft.ruleId : command.type === 'CreatePolicyRule' ? command.data.rule.id : undefined;
  return { change: draft.change, ...(policyId !== undefined ? { policyId } : {}), ...(ruleId !== undefined ? { ruleId } : {}) };
}
