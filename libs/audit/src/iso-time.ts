/** Epoch milliseconds as ISO 8601 (UTC, milliseconds), as every API answer writes instants. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** {@link iso}, with `null` staying `null`. */
export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}
