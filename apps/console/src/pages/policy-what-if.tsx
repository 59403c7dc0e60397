import { useEffect, useState } from 'preact/hooks';
import type { AuthorizationServer, Client, ExplainRequest, PolicyExplanation } from '../api/client';
import { useConsole } from '../context';
import { minutes } from '../components/format';
import { Badge, ErrorBox, Facts } from '../components/widgets';
import { useAction } from '../components/use-action';
import { PolicyDraftForm } from './policy-draft';

const GRANTS = ['authorization_code', 'refresh_token', 'client_credentials', 'password', 'urn:ietf:params:oauth:grant-type:jwt-bearer'];

/**
 * Policy what-if: the explain endpoint as a form. Which policy and rule a token request would
 * get, with which lifetimes, and why each policy and rule examined before did or did not match.
 * Below it, a draft change evaluated against the live families (policy-draft.tsx). Admin.
 */
export function PolicyWhatIfPage() {
  const { api } = useConsole();
  const [servers, setServers] = useState<AuthorizationServer[]>([]);
  const [clients, setClients] = useState<Client[]>([]);
  const [form, setForm] = useState<ExplainRequest>({ authorizationServerId: '', clientId: '', grantType: 'authorization_code', scope: 'openid offline_access', sub: '', groups: '' });
  const [answer, setAnswer] = useState<PolicyExplanation | null>(null);
  const { act, busy, error, setError } = useAction(async () => {
    setAnswer(null);
    setAnswer(await api.explain(form));
  });

  useEffect(() => {
    void (async () => {
      try {
        const [s, c] = await Promise.all([api.authorizationServers(), api.clients()]);
        setServers(s);
        setClients(c);
        setForm((f) => ({ ...f, authorizationServerId: f.authorizationServerId || s[0]?.id || '', clientId: f.clientId || c[0]?.client_id || '' }));
      } catch (caught) {
        setError(caught);
      }
    })();
  }, []);

  const field = (name: keyof ExplainRequest) => ({
    name,
    value: form[name],
    onInput: (e: Event) => setForm({ ...form, [name]: (e.target as HTMLInputElement).value }),
  });

  const explain = (event: Event) => {
    event.preventDefault();
    void act();
  };

  return (
    <section>
      <form class="grid" onSubmit={explain} aria-label="Explain">
        <label>
          Authorization server
          <select {...field('authorizationServerId')} onChange={(e) => setForm({ ...form, authorizationServerId: (e.target as HTMLSelectElement).value })}>
            {servers.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.id}){s.status !== 'ACTIVE' ? ` — ${s.status}` : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Client
          <input {...field('clientId')} list="explain-clients" required spellcheck={false} />
          <datalist id="explain-clients">
            {clients.map((c) => (
              <option key={c.client_id} value={c.client_id}>
                {c.client_name}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          Grant
          <input {...field('grantType')} list="explain-grants" spellcheck={false} />
          <datalist id="explain-grants">
            {GRANTS.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
        </label>
        <label>
          Scopes (space-separated)
          <input {...field('scope')} spellcheck={false} />
        </label>
        <label>
          User (sub)
          <input {...field('sub')} spellcheck={false} />
        </label>
        <label>
          Groups (space-separated)
          <input {...field('groups')} spellcheck={false} />
        </label>
        <div>
          <button type="submit" disabled={busy || !form.authorizationServerId || !form.clientId}>
            Explain
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {answer && <Explanation answer={answer} />}
      <PolicyDraftForm authorizationServerId={form.authorizationServerId} />
    </section>
  );
}

function Explanation({ answer }: { answer: PolicyExplanation }) {
  return (
    <section class="card" aria-label="Explanation" data-testid="explanation">
      <p class="verdict">
        {answer.matched ? (
          <>
            <Badge tone="ok" testId="explain-verdict">
              matched
            </Badge>{' '}
            policy <strong>{answer.policy?.name}</strong>, rule <strong data-testid="explain-rule">{answer.rule?.name}</strong>
          </>
        ) : (
          <>
            <Badge tone="bad" testId="explain-verdict">
              no match
            </Badge>{' '}
            <code>{answer.reason}</code>
          </>
        )}
      </p>
      <Facts
        items={[
          ['access token', answer.lifetimes && minutes(answer.lifetimes.accessTokenLifetimeMinutes)],
          ['refresh token', answer.lifetimes && minutes(answer.lifetimes.refreshTokenLifetimeMinutes)],
          ['idle window', answer.lifetimes && minutes(answer.lifetimes.refreshTokenWindowMinutes)],
          ['configuration version', String(answer.configVersion)],
        ]}
      />
      <h3>Why, policy by policy and rule by rule</h3>
      <table data-testid="explain-reasons">
        <thead>
          <tr>
            <th>policy</th>
            <th>rule</th>
            <th>matched</th>
            <th>failed condition</th>
            <th>detail</th>
          </tr>
        </thead>
        <tbody>
          {answer.explanation.map((entry, i) => {
            const chosen = answer.matched && entry.policyId === answer.policy?.id && entry.ruleId === answer.rule?.id;
            return (
              <tr key={i} class={chosen ? 'chosen' : entry.matched ? '' : 'muted-row'}>
                <td>{entry.policyName}</td>
                <td>{entry.ruleName ?? <span class="muted">(the policy itself)</span>}</td>
                <td>
                  <Badge tone={entry.matched ? 'ok' : 'neutral'}>{entry.matched ? 'yes' : 'no'}</Badge>
                </td>
                <td>{entry.failedCondition ? <code>{entry.failedCondition}</code> : ''}</td>
                <td>{entry.detail}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
