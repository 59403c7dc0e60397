import { useEffect, useState } from 'preact/hooks';
import type { EffectKind, Policy, PolicyChange, PolicyDraft, PolicyRule, PolicyWhatIf, WhatIfRule } from '../api/client';
import { useConsole } from '../context';
import { minutes, time } from '../components/format';
import { useAction } from '../components/use-action';
import { Badge, ErrorBox, Facts } from '../components/widgets';

/** Each draft change, what it needs, and how it reads in the form. */
const CHANGES: readonly { change: PolicyChange; label: string; policy: boolean; rule: boolean; body: 'policy' | 'rule' | null }[] = [
  { change: 'updateRule', label: 'Update a rule', policy: true, rule: true, body: 'rule' },
  { change: 'createRule', label: 'Create a rule', policy: true, rule: false, body: 'rule' },
  { change: 'deactivateRule', label: 'Deactivate a rule', policy: true, rule: true, body: null },
  { change: 'activateRule', label: 'Activate a rule', policy: true, rule: true, body: null },
  { change: 'deleteRule', label: 'Delete a rule', policy: true, rule: true, body: null },
  { change: 'updatePolicy', label: 'Update a policy', policy: true, rule: false, body: 'policy' },
  { change: 'createPolicy', label: 'Create a policy', policy: false, rule: false, body: 'policy' },
  { change: 'deactivatePolicy', label: 'Deactivate a policy', policy: true, rule: false, body: null },
  { change: 'activatePolicy', label: 'Activate a policy', policy: true, rule: false, body: null },
  { change: 'deletePolicy', label: 'Delete a policy', policy: true, rule: false, body: null },
];

const NEW_POLICY = { type: 'OAUTH_AUTHORIZATION_POLICY', name: 'New policy', priority: 1, conditions: { clients: { include: ['ALL_CLIENTS'] } } };
const NEW_RULE = {
  type: 'RESOURCE_ACCESS',
  name: 'New rule',
  priority: 1,
  conditions: { people: { groups: { include: ['EVERYONE'] } }, grantTypes: { include: ['authorization_code', 'refresh_token'] }, scopes: { include: ['*'] } },
  actions: { token: { accessTokenLifetimeMinutes: 30, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
};

/** What the management API answers but does not take back: links, timestamps, the system flag. */
const READ_ONLY = ['_links', 'created', 'lastUpdated', 'system'];

function editable(resource: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(resource).filter(([field]) => !READ_ONLY.includes(field)));
}

const KIND_TONE: Record<EffectKind, 'ok' | 'bad' | 'warn' | 'neutral'> = {
  unchanged: 'neutral',
  accessTokenLifetimeChanged: 'warn',
  movesToAnotherRule: 'warn',
  stopsMatching: 'bad',
  startsMatching: 'ok',
  stillUnmatched: 'neutral',
};
const KINDS = Object.keys(KIND_TONE) as EffectKind[];

/**
 * A draft policy or rule change, evaluated by `POST …/policies/what-if` against the live
 * families of the server: which would be affected at their next refresh and how. Nothing is
 * saved. Admin.
 */
export function PolicyDraftForm({ authorizationServerId }: { authorizationServerId: string }) {
  const { api } = useConsole();
  const [policies, setPolicies] = useState<Policy[]>([]);
  const [rules, setRules] = useState<PolicyRule[]>([]);
  const [change, setChange] = useState<PolicyChange>('updateRule');
  const [policyId, setPolicyId] = useState('');
  const [ruleId, setRuleId] = useState('');
  const [body, setBody] = useState('');
  const [maxExamples, setMaxExamples] = useState(5);
  const [answer, setAnswer] = useState<PolicyWhatIf | null>(null);
  const spec = CHANGES.find((c) => c.change === change)!;

  const { act, busy, error, setError } = useAction(async () => {
    setAnswer(null);
    let resource: unknown;
    if (spec.body) {
      try {
        resource = JSON.parse(body);
      } catch {
        throw new Error(`The ${spec.body} is not valid JSON.`);
      }
    }
    const draft: PolicyDraft = {
      change,
      ...(spec.policy ? { policyId } : {}),
      ...(spec.rule ? { ruleId } : {}),
      // As typed by the person: the service validates it as the management route would.
      ...(spec.body === 'policy' ? { policy: resource as PolicyDraft['policy'] } : {}),
      ...(spec.body === 'rule' ? { rule: resource as PolicyDraft['rule'] } : {}),
      maxExamples,
    };
    setAnswer(await api.whatIf(authorizationServerId, draft));
  });

  useEffect(() => {
    if (!authorizationServerId) return;
    api.policies(authorizationServerId).then((list) => {
      setPolicies(list);
      setPolicyId((current) => (list.some((p) => p.id === current) ? current : (list[0]?.id ?? '')));
    }, setError);
  }, [authorizationServerId]);

  useEffect(() => {
    if (!authorizationServerId || !policyId) return setRules([]);
    api.rules(authorizationServerId, policyId).then((list) => {
      setRules(list);
      setRuleId((current) => (list.some((r) => r.id === current) ? current : (list[0]?.id ?? '')));
    }, setError);
  }, [authorizationServerId, policyId]);

  // The JSON to edit starts from what is saved (an update) or from a template (a create).
  useEffect(() => {
    const saved = spec.body === 'rule' ? rules.find((r) => r.id === ruleId) : policies.find((p) => p.id === policyId);
    const start = change === 'createRule' ? NEW_RULE : change === 'createPolicy' ? NEW_POLICY : saved ? editable(saved) : null;
    setBody(start ? JSON.stringify(start, null, 2) : '');
  }, [change, policyId, ruleId, policies, rules]);

  const select = (label: string, value: string, options: readonly { id: string; name: string; status: string }[], onChange: (value: string) => void) => (
    <label>
      {label}
      <select aria-label={label} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
            {o.status !== 'ACTIVE' ? ` (${o.status})` : ''}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section>
      <h2>Draft a change</h2>
      <p class="muted">What an unsaved change to a policy or rule would do to this server's live families at their next refresh. Nothing is saved.</p>
      <form
        class="grid"
        aria-label="Draft"
        onSubmit={(event) => {
          event.preventDefault();
          void act();
        }}
      >
        <label>
          Change
          <select aria-label="Change" value={change} onChange={(e) => setChange((e.target as HTMLSelectElement).value as PolicyChange)}>
            {CHANGES.map((c) => (
              <option key={c.change} value={c.change}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        {spec.policy && select('Policy', policyId, policies, setPolicyId)}
        {spec.rule && select('Rule', ruleId, rules, setRuleId)}
        <label>
          Examples per kind
          <input type="number" min={0} max={100} value={maxExamples} onInput={(e) => setMaxExamples(Number((e.target as HTMLInputElement).value))} />
        </label>
        {spec.body && (
          <label class="wide">
            {spec.body === 'rule' ? 'Rule' : 'Policy'} (JSON, as the management API takes it)
            <textarea name="draft" rows={12} spellcheck={false} value={body} onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} />
          </label>
        )}
        <div>
          <button type="submit" disabled={busy || !authorizationServerId || (spec.policy && !policyId) || (spec.rule && !ruleId)}>
            Evaluate the draft
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {answer && <WhatIfResult answer={answer} />}
    </section>
  );
}

function ruleText(rule: WhatIfRule | null) {
  if (!rule) return <span class="muted">no rule: refused (access_denied)</span>;
  return (
    <span title={`${rule.policyId} / ${rule.ruleId}`}>
      {rule.policyName} / {rule.ruleName}, access {minutes(rule.accessTokenLifetimeMinutes)}
    </span>
  );
}

function WhatIfResult({ answer }: { answer: PolicyWhatIf }) {
  const kinds = KINDS.filter((kind) => answer.counts[kind] > 0);
  return (
    <section class="card" aria-label="What-if" data-testid="what-if">
      <p class="verdict">
        {kinds.length === 0
          ? 'No live family.'
          : kinds.map((kind) => (
              <>
                <Badge key={kind} tone={KIND_TONE[kind]} testId={`what-if-${kind}`}>
                  {answer.counts[kind]} {kind}
                </Badge>{' '}
              </>
            ))}
      </p>
      <Facts
        items={[
          ['families examined', String(answer.familiesExamined)],
          ['configuration version', `${answer.configVersion} → ${answer.draftConfigVersion} if saved`],
          ['evaluated at', time(answer.evaluatedAt)],
        ]}
      />
      {answer.transitions.length > 0 && (
        <>
          <h3>Transitions</h3>
          <table data-testid="what-if-transitions">
            <thead>
              <tr>
                <th>effect</th>
                <th>families</th>
                <th>before</th>
                <th>after</th>
              </tr>
            </thead>
            <tbody>
              {answer.transitions.map((t, i) => (
                <tr key={i}>
                  <td>
                    <Badge tone={KIND_TONE[t.kind]}>{t.kind}</Badge>
                  </td>
                  <td>{t.families}</td>
                  <td>{ruleText(t.before)}</td>
                  <td>{ruleText(t.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {answer.clients.length > 0 && (
        <>
          <h3>Clients</h3>
          <table data-testid="what-if-clients">
            <thead>
              <tr>
                <th>client</th>
                <th>families</th>
                <th>affected</th>
                <th>by effect</th>
              </tr>
            </thead>
            <tbody>
              {answer.clients.map((c) => (
                <tr key={c.clientId}>
                  <td>{c.clientId}</td>
                  <td>{c.families}</td>
                  <td>{c.affected}</td>
                  <td>
                    {KINDS.filter((kind) => c.counts[kind] > 0)
                      .map((kind) => `${kind} ${c.counts[kind]}`)
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {answer.examples.length > 0 && (
        <>
          <h3>Examples (up to {answer.maxExamplesPerKind} per effect)</h3>
          <table data-testid="what-if-examples">
            <thead>
              <tr>
                <th>effect</th>
                <th>family</th>
                <th>client</th>
                <th>subject</th>
                <th>issued</th>
                <th>before → after</th>
              </tr>
            </thead>
            <tbody>
              {answer.examples.map((e) => (
                <tr key={e.familyId}>
                  <td>{e.kind}</td>
                  <td>
                    <code>{e.familyId}</code>
                  </td>
                  <td>{e.clientId}</td>
                  <td>{e.subject}</td>
                  <td>{time(e.issuedAt)}</td>
                  <td>
                    {ruleText(e.before)} → {ruleText(e.after)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
