import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { LedgerApi, Role } from './api/client';

/** What every page gets from the signed-in shell. */
export interface ConsoleContext {
  readonly api: LedgerApi;
  readonly role: Role;
  /** The family the token lookup found, carried to the state page (never into the URL). */
  readonly familyId: string | null;
  readonly selectFamily: (familyId: string | null) => void;
  readonly navigate: (page: PageId) => void;
}

export type PageId = 'tokens' | 'state' | 'subjects' | 'integrity' | 'policies' | 'operations';

export const Console = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const value = useContext(Console);
  if (!value) throw new Error('useConsole outside the signed-in shell');
  return value;
}
