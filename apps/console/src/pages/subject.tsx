import { useEffect, useState } from 'preact/hooks';
import type { SubjectFamily, UserClient } from '../api/client';
import { useConsole } from '../context';
import { time } from '../components/format';
import { ProvenanceText } from '../components/timeline';
import { Badge, ConfirmButton, ErrorBox, OneFieldForm } from '../components/widgets';

/**
 * Subject view. Auditors: every family the subject ever had, with its status now. Admins:
 * the clients the subject holds refresh tokens of, and revoking all of them (or one client's)
 * after a confirmation. The subject stays in the page, not in the address bar.
 */
export function SubjectPage() {
  const { role } = useConsole();
  const [subject, setSubject] = useState<string | null>(null);
  return (
    <section>
      <OneFieldForm label="Subject (sub)" name="subject" button="Show" onSubmit={setSubject} />
      {subject && (role === 'auditor' ? <SubjectFamilies key={subject} subject={subject} /> : <SubjectRevocation key={subject} subject={subject} />)}
    </section>
  );
}

function SubjectFamilies({ subject }: { subject: string }) {
  const { api, selectFamily, navigate } = useConsole();
  const [families, setFamilies] = useState<SubjectFamily[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useOnce(async () => {
    try {
      setFamilies(await api.subjectFamilies(subject));
    } catch (caught) {
      setError(caught);
    }
  });
  if (error) return <ErrorBox error={error} />;
  if (!families) return <p class="muted">Loading…</p>;
  if (families.length === 0) return <p>No family of this subject.</p>;
  return (
    <table data-testid="subject-families">
      <thead>
        <tr>
          <th>family</th>
          <th>client</th>
          <th>issued</th>
          <th>decided by</th>
          <th>status</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {families.map((f) => (
          <tr key={f.familyId}>
            <td>
              <code>{f.familyId}</code>
            </td>
            <td>{f.clientId}</td>
            <td>{time(f.issuedAt)}</td>
            <td>
              <ProvenanceText provenance={f.provenance} />
            </td>
            <td>
              <Badge tone={f.status === 'active' ? 'ok' : f.revokeReason === 'reuse_detected' ? 'bad' : 'warn'}>{f.status}</Badge> {f.revokeReason && <code>{f.revokeReason}</code>}
            </td>
            <td>
              <button
                type="button"
                class="secondary small"
                onClick={() => {
                  selectFamily(f.familyId);
                  navigate('state');
                }}
              >
                State as of…
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SubjectRevocation({ subject }: { subject: string }) {
  const { api } = useConsole();
  const [clients, setClients] = useState<UserClient[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = async () => {
    try {
      setClients(await api.userClients(subject));
    } catch (caught) {
      setError(caught);
    }
  };
  useOnce(load);
  const revoke = async (clientId?: string) => {
    setError(null);
    try {
      await api.revokeSubjectTokens(subject, clientId);
      setDone(clientId ? `Every token of ${subject} for ${clientId} is revoked.` : `Every token of ${subject} is revoked.`);
      await load();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section>
      <ErrorBox error={error} />
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      {clients && (
        <>
          <p>
            {clients.length === 0 ? 'The subject holds no usable refresh token.' : `The subject holds refresh tokens of ${clients.length} client(s).`}{' '}
            <span class="muted">(read model: a family issued a moment ago may not be listed yet; revoking does not depend on this list)</span>
          </p>
          <ul class="plain">
            {clients.map((c) => (
              <li key={c.client_id}>
                {c.client_name ?? c.client_id} <code>{c.client_id}</code>{' '}
                <ConfirmButton label="Revoke this client's tokens" confirmLabel="Revoke" question={`Revoke every token of ${subject} for ${c.client_id}?`} onConfirm={() => revoke(c.client_id)} />
              </li>
            ))}
          </ul>
        </>
      )}
      <ConfirmButton label="Revoke all tokens of this subject" confirmLabel="Revoke all" question={`Revoke every token of ${subject}, for every client?`} onConfirm={() => revoke()} />
    </section>
  );
}

/** Runs once when the component mounts (the `key` remounts it for another subject). */
function useOnce(effect: () => Promise<void>): void {
  useEffect(() => {
    void effect();
  }, []);
}
