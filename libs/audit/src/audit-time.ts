/**
 * RFC 3339 date-time, with a zone (`Z` or `±hh:mm`): an instant, never a wall-clock time whose
 * meaning depends on the server's zone. Seconds and fractions are optional.
 */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** Epoch milliseconds of an RFC 3339 date-time, or `null` when `text` is not one. */
export function parseInstant(text: string): number | null {
  if (!DATE_TIME.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}
