import { useState } from 'preact/hooks';

/**
 * A user-started call to the API: `busy` while it runs (buttons are disabled), `error` with
 * what the API answered when it fails (cleared by the next run).
 */
export function useAction<A extends unknown[]>(run: (...args: A) => Promise<void>) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const act = async (...args: A): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await run(...args);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return { act, busy, error, setError };
}
