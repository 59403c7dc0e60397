/** `2026-01-01 00:03:00Z`: UTC, to the second, as the API's instants are compared by people. */
export function time(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

/** The first and last characters of a hash, enough to compare by eye; the whole one on hover. */
export function abbreviate(hash: string, keep = 8): string {
  return hash.length <= keep * 2 + 1 ? hash : `${hash.slice(0, keep)}…${hash.slice(-4)}`;
}

/** `90 min`, `7 d`, `unlimited` for 0 (the API's refresh lifetime 0 means no absolute expiry). */
export function minutes(value: number | undefined | null): string {
  if (value === undefined || value === null) return '—';
  if (value === 0) return 'unlimited';
  if (value % 1440 === 0) return `${value / 1440} d`;
  if (value % 60 === 0) return `${value / 60} h`;
  return `${value} min`;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A global log position: `16`, or `commit/prepare` when they differ (EventStoreDB). */
export function position(p: { commit: string; prepare: string } | null | undefined): string {
  if (!p) return '—';
  return p.commit === p.prepare ? p.commit : `${p.commit}/${p.prepare}`;
}
