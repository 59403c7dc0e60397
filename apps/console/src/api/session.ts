import type { Role } from './client';

/**
 * The signed-in credential lives in this tab's session storage (gone when the tab closes,
 * never sent anywhere but the `Authorization` header of this origin's API, never in a URL).
 */
const KEY = 'token-ledger-console.session';

export interface Session {
  readonly credential: string;
  readonly role: Role;
}

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (typeof parsed.credential !== 'string' || (parsed.role !== 'auditor' && parsed.role !== 'admin')) return null;
    return { credential: parsed.credential, role: parsed.role };
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
