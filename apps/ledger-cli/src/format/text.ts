import type { Provenance } from '@ledger/domain';

/** An instant in UTC, ISO 8601, without milliseconds when they are zero. */
export function utc(instant: number | string | null | undefined): string {
  if (instant === null || instant === undefined) return '-';
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return String(instant);
  return date.toISOString().replace('.000Z', 'Z');
}

/** Hex hashes are 64 characters: the first 12 tell events apart at a glance. */
export function shortHash(hash: string | null | undefined): string {
  if (!hash) return '-';
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}

/** The configuration that decided: `policy/rule on server (config vN)`. */
export function provenanceText(provenance: Provenance | null | undefined): string {
  if (!provenance) return '-';
  return `${provenance.policyId}/${provenance.ruleId} on ${provenance.authorizationServerId} (config v${provenance.configVersion})`;
}

/** A lifetime in minutes as people read it (`0` means unlimited for refresh lifetimes). */
export function minutesText(minutes: number | undefined, zeroMeans = '0 min'): string {
  if (minutes === undefined) return '-';
  if (minutes === 0) return zeroMeans;
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

/** `label  value` lines with the labels padded to one column. */
export function fields(rows: readonly (readonly [string, string] | null)[], indent = '  '): string[] {
  const present = rows.filter((row): row is readonly [string, string] => row !== null);
  const width = Math.max(0, ...present.map(([label]) => label.length));
  return present.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`);
}

/** A recorded revocation in one line; a reuse detection reads `REUSE DETECTED`. */
export function revocationText(revocation: { readonly reason: string; readonly requestedBy: string; readonly revokedAt: string; readonly tokenId: string | null }): string {
  const reason = revocation.reason === 'reuse_detected' ? 'REUSE DETECTED' : revocation.reason;
  return `${utc(revocation.revokedAt)} by ${revocation.requestedBy}, reason ${reason}${revocation.tokenId ? ` (token ${revocation.tokenId})` : ''}`;
}
