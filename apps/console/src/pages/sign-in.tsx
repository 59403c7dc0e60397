import { useState } from 'preact/hooks';
import { detectRole } from '../api/client';
import type { Session } from '../api/session';
import { ErrorBox } from '../components/widgets';
import { useAction } from '../components/use-action';

/**
 * The credential form. The role is the one whose API accepts the credential (the auditor's
 * and the admin's are separate): nothing is stored until one does.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [credential, setCredential] = useState('');
  const { act, busy, error } = useAction(async () => {
    const value = credential.trim();
    onSignedIn({ credential: value, role: await detectRole(value) });
  });
  const submit = (event: Event) => {
    event.preventDefault();
    void act();
  };

  return (
    <main class="sign-in">
      <h1>Token Ledger console</h1>
      <p>Sign in with the auditor credential (token histories, state, integrity) or the admin credential (policies, operations, revocation).</p>
      <form onSubmit={submit} autocomplete="off">
        <label>
          Credential
          <input
            type="password"
            name="credential"
            value={credential}
            required
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => setCredential((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" disabled={busy || credential.trim() === ''}>
          Sign in
        </button>
      </form>
      <ErrorBox error={error} />
      <p class="muted">The credential stays in this tab (session storage) and is sent only in the Authorization header of this service's API.</p>
    </main>
  );
}
