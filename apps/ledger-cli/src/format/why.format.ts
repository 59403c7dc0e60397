import type { TokenWhyJson } from '@ledger/audit';
import type { Style } from './style';
import { fields, minutesText, provenanceText, revocationText, utc } from './text';

/**
 * Why a token is (not) active, readable: ACTIVE or INACTIVE with the reason in words and its
 * stable code, then the token's family, its expiry and the configuration that set its
 * lifetime. Built from the answer, which never holds the token itself.
 */
export function formatWhy(why: TokenWhyJson, style: Style): string {
  const kind = why.tokenType === 'refresh_token' ? 'Refresh token' : why.tokenType === 'access_token' ? 'Access token' : 'Token';
  const revoked = why.revocation !== null;
  const verdict = why.active ? style.ok('ACTIVE') : revoked ? style.alert('! INACTIVE') : style.warn('INACTIVE');
  const lines = [`${style.bold(`${kind} ${why.tokenId ?? ''}`.trimEnd())}: ${verdict} at ${utc(why.evaluatedAt)}`];
  const revocation = why.revocation;
  const decided = why.decidedBy;
  lines.push(
    ...fields([
      ['why', reasonText(why)],
      revocation && ['revoked', style.alert(revocationText(revocation))],
      why.familyId !== null ? ['family', why.familyId] : null,
      why.clientId !== null ? ['client', `${why.clientId} on ${why.authorizationServerId ?? '-'}`] : null,
      why.subject !== null ? ['subject', why.subject] : null,
      why.mintedAt !== null ? ['minted', utc(why.mintedAt)] : null,
      why.expiresAt !== null ? ['expires', utc(why.expiresAt)] : null,
      why.rotatedOutAt !== null ? ['rotated out', utc(why.rotatedOutAt)] : null,
      why.leewayRetryUntil !== null ? ['leeway retry', `until ${utc(why.leewayRetryUntil)}`] : null,
      decided && ['decided by', `${provenanceText(decided.provenance)} at ${utc(decided.decidedAt)}: ${lifetimeText(decided)}`],
    ]),
  );
  return `${lines.join('\n')}\n`;
}

function reasonText(why: TokenWhyJson): string {
  if (why.active) return 'it would be accepted now';
  const words: Record<string, string> = {
    unknown_token: 'no token of this ledger (or of no family it holds)',
    family_revoked: 'its family is revoked',
    absolute_expired: 'the refresh token passed its absolute lifetime',
    idle_expired: 'the refresh token was not used within its idle window',
    reused_outside_leeway: 'this refresh token was presented again after rotation, outside the leeway: reuse, the family was revoked',
    rotated_out: 'replaced by its successor (a retry within the leeway would still answer)',
    access_token_expired: 'the access token expired',
    access_token_revoked: 'the access token was revoked on its own',
    no_refresh_token: 'the family has no refresh token',
  };
  const reason = why.reason ?? '-';
  return words[reason] ? `${words[reason]} (${reason})` : reason;
}

function lifetimeText(decided: NonNullable<TokenWhyJson['decidedBy']>): string {
  const parts: string[] = [];
  if (decided.accessTokenLifetimeMinutes !== undefined) parts.push(`access ${minutesText(decided.accessTokenLifetimeMinutes)}`);
  if (decided.refreshTokenLifetimeMinutes !== undefined) parts.push(`refresh ${minutesText(decided.refreshTokenLifetimeMinutes, 'unlimited')}`);
  if (decided.refreshTokenWindowMinutes !== undefined) parts.push(`idle ${minutesText(decided.refreshTokenWindowMinutes, 'unlimited')}`);
  if (decided.rotation) parts.push(`${decided.rotation.type} leeway ${decided.rotation.leewaySeconds} s`);
  return parts.join(', ') || '-';
}
