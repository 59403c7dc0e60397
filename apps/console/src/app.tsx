import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { createLedgerApi, type Role } from './api/client';
import { clearSession, loadSession, saveSession, type Session } from './api/session';
import { Console, type PageId } from './context';
import { SignIn } from './pages/sign-in';
import { TokenLookupPage } from './pages/token-lookup';
import { StateAsOfPage } from './pages/state-as-of';
import { SubjectPage } from './pages/subject';
import { IntegrityPage } from './pages/integrity';
import { PolicyWhatIfPage } from './pages/policy-what-if';
import { OperationsPage } from './pages/operations';

interface PageSpec {
  readonly id: PageId;
  readonly title: string;
  readonly roles: readonly Role[];
  readonly render: () => preact.JSX.Element;
}

/** Each page and who may use it: the API refuses the other role anyway, the console does not offer it. */
const PAGES: readonly PageSpec[] = [
  { id: 'tokens', title: 'Token lookup', roles: ['auditor'], render: () => <TokenLookupPage /> },
  { id: 'state', title: 'State as of', roles: ['auditor'], render: () => <StateAsOfPage /> },
  { id: 'subjects', title: 'Subject', roles: ['auditor', 'admin'], render: () => <SubjectPage /> },
  { id: 'integrity', title: 'Integrity', roles: ['auditor'], render: () => <IntegrityPage /> },
  { id: 'policies', title: 'Policy what-if', roles: ['admin'], render: () => <PolicyWhatIfPage /> },
  { id: 'operations', title: 'Operations', roles: ['admin'], render: () => <OperationsPage /> },
];

const BASE = import.meta.env.BASE_URL; // '/console/'

function pageFromLocation(): PageId | null {
  const rest = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length).replace(/\/+$/, '') : '';
  return PAGES.find((p) => p.id === rest)?.id ?? null;
}

/** The console: sign-in, then the pages of the signed-in role (history routing under /console/). */
export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [page, setPage] = useState<PageId | null>(pageFromLocation);
  const [familyId, selectFamily] = useState<string | null>(null);

  useEffect(() => {
    const onPop = () => setPage(pageFromLocation());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  const navigate = useCallback((next: PageId) => {
    if (location.pathname !== BASE + next) history.pushState(null, '', BASE + next);
    setPage(next);
  }, []);

  const signIn = (next: Session) => {
    saveSession(next);
    setSession(next);
  };
  const signOut = () => {
    clearSession();
    setSession(null);
    selectFamily(null);
  };

  const allowed = useMemo(() => PAGES.filter((p) => session && p.roles.includes(session.role)), [session]);
  const current = allowed.find((p) => p.id === page) ?? allowed[0];
  // The address bar names the page shown (the first of the role's pages when none or another role's was asked).
  useEffect(() => {
    if (current && location.pathname !== BASE + current.id) history.replaceState(null, '', BASE + current.id);
  }, [current]);
  const api = useMemo(() => (session ? createLedgerApi(session.credential) : null), [session]);

  if (!session || !api || !current) return <SignIn onSignedIn={signIn} />;
  return (
    <Console.Provider value={{ api, role: session.role, familyId, selectFamily, navigate }}>
      <header class="top">
        <span class="brand">Token Ledger</span>
        <nav aria-label="Pages">
          {allowed.map((p) => (
            <a
              key={p.id}
              href={BASE + p.id}
              aria-current={p.id === current.id ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                navigate(p.id);
              }}
            >
              {p.title}
            </a>
          ))}
        </nav>
        {/* Served by the service beside the console (Swagger UI over /openapi.json), not a console page. */}
        <a class="reference" href="/console/api" target="_blank" rel="noopener">
          API reference
        </a>
        <span class="who" data-testid="role">
          {session.role}
        </span>
        <button type="button" class="secondary" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>
        <h1>{current.title}</h1>
        {current.render()}
      </main>
    </Console.Provider>
  );
}
