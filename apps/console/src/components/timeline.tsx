import { useState } from 'preact/hooks';
import type { Provenance, RecordedEvent } from '../api/client';
import { useConsole } from '../context';
import { errorText, position as positionText, time } from './format';
import { Badge, Hash } from './widgets';
import { checkEventInclusion } from '../audit/proof-checks';
import { webCryptoSha256 } from '../audit/merkle-verify';

type Tone = 'ok' | 'bad' | 'warn' | 'neutral';

/** What a person reads in one event of a token family. */
export interface TimelineEntry {
  readonly streamName: string;
  readonly revision: string;
  /** Where the event is in the global log: what its inclusion proof is asked by. */
  readonly position: RecordedEvent['position'];
  readonly type: string;
  readonly label: string;
  readonly tone: Tone;
  /** The decision's own instant (issuedAt, refreshedAt, revokedAt), else when it was recorded. */
  readonly at: string;
  readonly actor: string;
  readonly reason: string;
  readonly provenance: Provenance | null;
  readonly generation: number | null;
  readonly previousHash: string | null;
  /** This event's chain hash: the next event records it; the stream's head for the last one. */
  readonly hash: string | null;
}

const data = (event: RecordedEvent) => event.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The family's events as timeline entries, oldest first. `headHash`: the chain hash of the newest event. */
export function timelineEntries(events: readonly RecordedEvent[], headHash: string | null): TimelineEntry[] {
  return events.map((event, i) => {
    const d = data(event);
    const next = events[i + 1];
    const instant: number | undefined = d.issuedAt ?? d.refreshedAt ?? d.revokedAt;
    const base = {
      streamName: event.streamName,
      revision: event.revision,
      position: event.position,
      type: event.type,
      at: instant !== undefined ? new Date(instant).toISOString() : event.recordedAt,
      actor: String(event.metadata.actor ?? '—'),
      previousHash: (event.metadata.previousEventHash as string | null | undefined) ?? null,
      hash: next ? ((next.metadata.previousEventHash as string | null | undefined) ?? null) : headHash,
    };
    switch (event.type) {
      case 'TokenIssued':
        return {
          ...base,
          label: 'issued',
          tone: 'ok' as Tone,
          reason: `${d.grantType} grant to ${event.personal?.subject ?? d.subject ?? 'the subject'}; scopes ${(d.scopes ?? []).join(' ') || 'none'}`,
          provenance: d.provenance ?? null,
          generation: 0,
        };
      case 'TokenRefreshed':
        return {
          ...base,
          label: d.leewayRetry ? 'leeway retry' : 'refreshed',
          tone: 'neutral' as Tone,
          reason: d.leewayRetry
            ? `${d.presentedRefreshTokenId} presented again within the leeway: same successor ${d.refreshToken?.id}`
            : `${d.presentedRefreshTokenId} → ${d.refreshToken?.id}`,
          provenance: d.provenance ?? null,
          generation: d.generation ?? null,
        };
      case 'TokenRevoked':
        return {
          ...base,
          label: d.reason === 'reuse_detected' ? 'reuse detected' : 'revoked',
          tone: (d.reason === 'reuse_detected' ? 'bad' : 'warn') as Tone,
          reason:
            d.reason === 'reuse_detected'
              ? `${d.tokenId ?? 'an old refresh token'} replayed outside the leeway: family revoked (requested by ${d.requestedBy})`
              : `${d.reason}${d.tokenId ? ` (token ${d.tokenId})` : ''}, requested by ${d.requestedBy}`,
          provenance: null,
          generation: null,
        };
      case 'AccessTokenRevoked':
        return {
          ...base,
          label: 'access token revoked',
          tone: 'warn' as Tone,
          reason: `${d.jti}: ${d.reason}, requested by ${d.requestedBy}`,
          provenance: null,
          generation: d.progress?.generation ?? null,
        };
      default:
        return { ...base, label: event.type, tone: 'neutral' as Tone, reason: '', provenance: null, generation: null };
    }
  });
}

export function ProvenanceText({ provenance }: { provenance: Provenance | null | undefined }) {
  if (!provenance) return <span class="muted">—</span>;
  return (
    <span title={`authorization server ${provenance.authorizationServerId}, configuration version ${provenance.configVersion}`}>
      {provenance.policyId} / {provenance.ruleId} <span class="muted">v{provenance.configVersion}</span>
    </span>
  );
}

/** A family's history: one row per event, revocations and reuse detection marked. */
export function Timeline({ entries }: { entries: readonly TimelineEntry[] }) {
  return (
    <ol class="timeline" data-testid="timeline">
      {entries.map((entry) => (
        <li key={entry.revision} class={`event tone-${entry.tone}`} data-testid="timeline-event" data-type={entry.type} data-label={entry.label}>
          <div class="when">
            <time dateTime={entry.at}>{time(entry.at)}</time>
            <span class="muted">#{entry.revision}</span>
          </div>
          <div class="what">
            <Badge tone={entry.tone}>{entry.label}</Badge>
            <span class="reason">{entry.reason}</span>
          </div>
          <dl class="facts inline">
            <dt>actor</dt>
            <dd>{entry.actor}</dd>
            <dt>decided by</dt>
            <dd>
              <ProvenanceText provenance={entry.provenance} />
            </dd>
            <dt>generation</dt>
            <dd>{entry.generation ?? '—'}</dd>
            <dt>hash link</dt>
            <dd class="link">
              <Hash value={entry.previousHash} /> → <Hash value={entry.hash} />
            </dd>
          </dl>
          <InclusionProof entry={entry} />
        </li>
      ))}
    </ol>
  );
}

type ProofOutcome = { readonly tone: 'ok' | 'bad' | 'warn'; readonly text: string; readonly note?: string };

/** Whether position `a` comes after `b` in the log (commit order, then prepare). */
function after(a: RecordedEvent['position'], b: RecordedEvent['position']): boolean {
  const [ac, bc] = [BigInt(a.commit), BigInt(b.commit)];
  return ac !== bc ? ac > bc : BigInt(a.prepare) > BigInt(b.prepare);
}

/**
 * The event's RFC 9162 inclusion proof in the newest seal, checked in this browser: its leaf
 * (whose content hash must be the hash the timeline shows), the path to the seal's root, and the
 * seal's signature against the published sealing keys.
 */
function InclusionProof({ entry }: { entry: TimelineEntry }) {
  const { api } = useConsole();
  const [outcome, setOutcome] = useState<ProofOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const check = async (): Promise<ProofOutcome> => {
    const newest = await api.latestSeal();
    if (!newest) return { tone: 'warn', text: 'not sealed yet: the ledger has no seal' };
    // Not in the newest tree: nothing to ask for (the API would answer 404).
    if (!newest.lastPosition || after(entry.position, newest.lastPosition)) {
      return { tone: 'warn', text: `not sealed yet: the newest seal (tree of ${newest.treeSize}) ends at position ${positionText(newest.lastPosition)}` };
    }
    const [answer, jwks] = await Promise.all([api.eventProof(entry.position), api.sealingKeys()]);
    // A seal newer than the one read above may have answered: the proof names its own.
    const seal = answer.seal ?? newest;
    const verdict = await checkEventInclusion(entry, answer, seal, jwks.keys, webCryptoSha256);
    const note = answer.removed ? 'removed from the store (retention or erasure): its leaf comes from the removal record' : undefined;
    return verdict.ok
      ? { tone: 'ok', text: `✓ sealed in tree of ${answer.treeSize} (leaf ${answer.leafIndex}), verified in this browser`, note }
      : { tone: 'bad', text: `✗ not verified: ${verdict.reason}`, note };
  };
  return (
    <div class="proof">
      <button
        type="button"
        class="secondary small"
        disabled={busy}
        aria-label={`Check the inclusion proof of #${entry.revision}`}
        onClick={async () => {
          setBusy(true);
          setOutcome(null);
          try {
            setOutcome(await check());
          } catch (error) {
            setOutcome({ tone: 'bad', text: `✗ not verified: ${errorText(error)}` });
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? 'Checking…' : 'proof'}
      </button>
      {outcome && (
        <span data-testid="proof-result" data-tone={outcome.tone}>
          <Badge tone={outcome.tone}>{outcome.text}</Badge>
          {outcome.note && <span class="muted"> {outcome.note}</span>}
        </span>
      )}
    </div>
  );
}
