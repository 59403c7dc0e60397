import type { RecordedEventJson } from '@ledger/audit';
import type {
  AccessTokenRevokedData,
  Lifetimes,
  RotationSettings,
  TokenIssuedData,
  TokenRefreshedData,
  TokenRevokedData,
} from '@ledger/domain';
import type { Style } from './style';
import { minutesText, provenanceText, shortHash, utc } from './text';

/** One event of a family as `history` prints it. */
export interface TimelineEntry {
  readonly event: RecordedEventJson;
  /** The event's own hash, which the next event's `previousEventHash` must equal. */
  readonly hash: string;
}

/** What one event says, before it is laid out. */
interface EventSummary {
  readonly instant: number | null;
  readonly generation: number | null;
  /** A revocation or a reuse detection: marked `!`. */
  readonly alert: boolean;
  readonly headline: string;
  readonly details: readonly string[];
}

/**
 * The readable timeline of a family: one block per event, oldest first, with the decision's
 * own time (UTC), the event type, the generation, the actor, the reason, the configuration
 * that decided, and the hash link to the previous event. Revocations and reuse detection are
 * marked `!` (and coloured when the style colours). A link that does not match the previous
 * event's hash is called out; `verify` is the full check.
 */
export function formatTimeline(familyId: string, entries: readonly TimelineEntry[], style: Style): string {
  const lines = [style.bold(`Token family ${familyId}: ${entries.length} event${entries.length === 1 ? '' : 's'}, oldest first (UTC)`)];
  let generation: number | null = null;
  entries.forEach(({ event, hash }, i) => {
    const summary = summarise(event, generation);
    generation = summary.generation ?? generation;
    const marker = summary.alert ? style.alert('!') : ' ';
    const when = utc(summary.instant ?? event.recordedAt);
    const gen = summary.generation === null ? '' : `  gen ${summary.generation}`;
    const headline = summary.alert ? style.alert(summary.headline) : summary.headline;
    lines.push(`${marker} ${when}  #${event.revision} ${style.bold(event.type)}${gen}  by ${actorOf(event)}  ${headline}`.trimEnd());
    for (const detail of summary.details) lines.push(`      ${detail}`);
    // The first event shown has no predecessor to compare with when retention removed the ones before it.
    const previousHash = i > 0 ? entries[i - 1].hash : event.revision === '0' ? null : undefined;
    lines.push(`      ${hashLink(event, hash, previousHash, style)}`);
  });
  return `${lines.join('\n')}\n`;
}

function summarise(event: RecordedEventJson, generation: number | null): EventSummary {
  switch (event.type) {
    case 'TokenIssued': {
      const data = event.data as TokenIssuedData;
      const subject = event.personal?.subject ?? data.subject;
      return {
        instant: data.issuedAt,
        generation: data.refreshToken?.sequence ?? 0,
        alert: false,
        headline: data.refreshToken ? `issued ${data.refreshToken.id}` : 'issued (no refresh token)',
        details: [
          `client ${data.clientId} on ${data.authorizationServerId}, subject ${subject}, grant ${data.grantType}, scopes ${data.scopes.join(' ') || '-'}`,
          `decided by ${provenanceText(data.provenance)}: ${lifetimesText(data.lifetimes, data.rotation)}`,
        ],
      };
    }
    case 'TokenRefreshed': {
      const data = event.data as TokenRefreshedData;
      const rotation =
        data.presentedRefreshTokenId === data.refreshToken.id ? `refreshed with ${data.refreshToken.id} (not rotated)` : `rotated ${data.presentedRefreshTokenId} -> ${data.refreshToken.id}`;
      return {
        instant: data.refreshedAt,
        generation: data.generation,
        alert: false,
        headline: data.leewayRetry ? `${rotation}, a retry within the leeway` : rotation,
        details: [`decided by ${provenanceText(data.provenance)}: access ${minutesText(data.accessTokenLifetimeMinutes)}`],
      };
    }
    case 'TokenRevoked': {
      const data = event.data as TokenRevokedData;
      const token = data.tokenId ? ` (token ${data.tokenId})` : '';
      const headline =
        data.reason === 'reuse_detected'
          ? `REUSE DETECTED: ${data.tokenId ?? 'a rotated-out token'} presented again, family revoked`
          : `family revoked, reason ${data.reason}${token}`;
      return { instant: data.revokedAt, generation, alert: true, headline, details: [`requested by ${data.requestedBy}`] };
    }
    case 'AccessTokenRevoked': {
      const data = event.data as AccessTokenRevokedData;
      return {
        instant: data.revokedAt,
        generation: data.progress.generation,
        alert: true,
        headline: `access token ${data.jti} revoked, reason ${data.reason} (the family stays active)`,
        details: [`requested by ${data.requestedBy}`],
      };
    }
    default:
      return { instant: null, generation: null, alert: false, headline: '', details: [] };
  }
}

function lifetimesText(lifetimes: Lifetimes, rotation: RotationSettings): string {
  return (
    `access ${minutesText(lifetimes.accessTokenMinutes)}, refresh ${minutesText(lifetimes.refreshTokenMinutes, 'unlimited')}, ` +
    `idle ${minutesText(lifetimes.refreshTokenWindowMinutes, 'unlimited')}, ${rotation.type} leeway ${rotation.leewaySeconds} s`
  );
}

function actorOf(event: RecordedEventJson): string {
  const actor = (event.metadata as { actor?: unknown } | null)?.actor;
  return typeof actor === 'string' ? actor : '-';
}

/**
 * `hash <this> <- prev <previous>`, flagged when the link is not the previous event's hash
 * (`undefined`: not known here, not checked).
 */
function hashLink(event: RecordedEventJson, hash: string, previousHash: string | null | undefined, style: Style): string {
  const link = (event.metadata as { previousEventHash?: unknown } | null)?.previousEventHash;
  const prev = typeof link === 'string' ? link : null;
  const text = style.dim(`hash ${shortHash(hash)} <- prev ${shortHash(prev)}`);
  return previousHash === undefined || prev === previousHash ? text : `${text}  ${style.alert("! not the previous event's hash: run verify")}`;
}
