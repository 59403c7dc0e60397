import type { FamilyStateReport } from '@ledger/audit';
import type { Style } from './style';
import { fields, minutesText, provenanceText, revocationText, utc } from './text';

/**
 * A family's state at an instant, readable: the status first (revoked and expired marked),
 * why a refresh would be refused, then the tokens, their expiry and the configuration that set
 * each lifetime. The same report as `--json`, laid out for a person.
 */
export function formatState(report: FamilyStateReport, style: Style): string {
  const status = report.status.toUpperCase();
  const headline =
    report.status === 'revoked'
      ? style.alert(`! ${status}`)
      : report.active
        ? style.ok(status)
        : style.warn(`${status}${report.reason ? ` (a refresh would be refused: ${report.reason})` : ''}`);
  const lines = [`${style.bold(`Token family ${report.familyId}`)} at ${utc(report.at)}: ${headline}`];
  const family = report.family;
  const current = report.currentRefreshToken;
  const access = report.accessToken;
  const lifetimes = report.lifetimes;
  const revocation = report.revocation;
  lines.push(
    ...fields([
      ['why', whyText(report)],
      revocation && ['revoked', style.alert(revocationText(revocation))],
      family && ['client', `${family.clientId} on ${family.authorizationServerId}, grant ${family.grantType}`],
      family && ['subject', family.subject],
      family && ['scopes', family.scopes.join(' ') || '-'],
      family && ['issued', `${utc(family.issuedAt)}, rotation ${family.rotation.type} leeway ${family.rotation.leewaySeconds} s`],
      current && ['generation', String(current.sequence)],
      current && ['refresh token', `${current.id}, expires ${utc(current.expiresAt)} (idle ${utc(current.idleExpiresAt)}, absolute ${current.absoluteExpiresAt ? utc(current.absoluteExpiresAt) : 'never'})`],
      report.leewayRetry && ['leeway retry', `${report.leewayRetry.tokenId} until ${utc(report.leewayRetry.until)}`],
      lifetimes && [
        'refresh lifetime',
        `${minutesText(lifetimes.refreshTokenMinutes, 'unlimited')}, idle ${minutesText(lifetimes.refreshTokenWindowMinutes, 'unlimited')}, ` +
          `decided by ${provenanceText(lifetimes.provenance)} at ${utc(lifetimes.decidedAt)}`,
      ],
      access && [
        'access token',
        `${access.jti}, ${access.active ? 'active' : 'inactive'}, issued ${utc(access.issuedAt)}, expires ${utc(access.expiresAt)}, ` +
          `lifetime ${minutesText(access.lifetimeMinutes)} decided by ${provenanceText(access.provenance)}`,
      ],
      ['events', eventsText(report)],
    ]),
  );
  return `${lines.join('\n')}\n`;
}

function whyText(report: FamilyStateReport): string {
  if (report.active) return 'the current refresh token would be accepted';
  switch (report.reason) {
    case 'unknown_token':
      return 'not issued yet at this instant (unknown_token)';
    case 'family_revoked':
      return 'the family is revoked: every token of it is refused (family_revoked)';
    case 'absolute_expired':
      return 'the refresh token passed its absolute lifetime (absolute_expired)';
    case 'idle_expired':
      return 'the refresh token was not used within its idle window (idle_expired)';
    case 'no_refresh_token':
      return 'issued without a refresh token: nothing to refresh (no_refresh_token)';
    default:
      return report.reason ?? '-';
  }
}

function eventsText(report: FamilyStateReport): string {
  const considered = report.eventsConsidered;
  const last = considered[considered.length - 1];
  const lastText = last ? `, the last #${last.revision} ${last.type} at ${utc(last.at ?? last.recordedAt)}` : '';
  return `${considered.length} folded${lastText}; ${report.eventsAfter} after this instant`;
}
