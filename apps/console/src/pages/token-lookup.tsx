import { useState } from 'preact/hooks';
import type { TokenWhy, Verification } from '../api/client';
import { whyInput } from '../api/why-input';
import { useConsole } from '../context';
import { minutes, time } from '../components/format';
import { Timeline, timelineEntries, ProvenanceText, type TimelineEntry } from '../components/timeline';
import { Badge, ErrorBox, Facts, Hash } from '../components/widgets';
import { useAction } from '../components/use-action';

interface Found {
  readonly why: TokenWhy;
  readonly entries: TimelineEntry[] | null;
  readonly chain: Verification | null;
}

/** Token lookup: is it active and why, then its family's timeline. Auditor. */
export function TokenLookupPage() {
  const { api, selectFamily, navigate } = useConsole();
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const { act, busy, error } = useAction(async () => {
    setFound(null);
    const why = await api.whyToken(whyInput(text));
      let entries: TimelineEntry[] | null = null;
      let chain: Verification | null = null;
      if (why.familyId) {
        const [events, verification] = await Promise.all([api.familyEvents(why.familyId), api.verify(`tokenFamily-${why.familyId}`)]);
        entries = timelineEntries(events, verification.head?.hash ?? null);
        chain = verification;
        selectFamily(why.familyId);
      }
    setFound({ why, entries, chain });
  });
  const lookUp = (event: Event) => {
    event.preventDefault();
    void act();
  };

  return (
    <section>
      <form class="stack" onSubmit={lookUp} autocomplete="off">
        <label>
          Refresh token, access token, token id or jti
          <textarea name="token" rows={3} spellcheck={false} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
        </label>
        <button type="submit" disabled={busy || text.trim() === ''}>
          Look up
        </button>
      </form>
      <ErrorBox error={error} />
      {found && <WhyResult why={found.why} />}
      {found?.entries && found.why.familyId && (
        <section aria-label="Family timeline">
          <h2>
            Family <code>{found.why.familyId}</code>
          </h2>
          <p>
            {found.chain && (
              <Badge tone={found.chain.ok ? 'ok' : 'bad'} testId="chain">
                {found.chain.ok ? `hash chain intact (${found.chain.eventsChecked} events)` : `hash chain broken at revision ${found.chain.firstBreak?.revision}`}
              </Badge>
            )}{' '}
            {found.chain?.head && (
              <span class="muted">
                head <Hash value={found.chain.head.hash} />
              </span>
            )}{' '}
            <button type="button" class="secondary" onClick={() => navigate('state')}>
              State as of…
            </button>
          </p>
          <Timeline entries={found.entries} />
        </section>
      )}
    </section>
  );
}

function WhyResult({ why }: { why: TokenWhy }) {
  const decided = why.decidedBy;
  return (
    <section class="card" aria-label="Why" data-testid="why">
      <p class="verdict">
        <Badge tone={why.active ? 'ok' : 'bad'} testId="why-active">
          {why.active ? 'active' : 'not active'}
        </Badge>{' '}
        {why.reason && <code data-testid="why-reason">{why.reason}</code>}
      </p>
      <Facts
        items={[
          ['token', why.tokenType ? `${why.tokenType} ${why.tokenId ?? ''}` : null],
          ['client', why.clientId],
          ['subject', why.subject],
          ['authorization server', why.authorizationServerId],
          ['minted', why.mintedAt && time(why.mintedAt)],
          ['expires', why.expiresAt && time(why.expiresAt)],
          ['rotated out', why.rotatedOutAt && time(why.rotatedOutAt)],
          ['leeway retry until', why.leewayRetryUntil && time(why.leewayRetryUntil)],
          ['revocation', why.revocation && `${why.revocation.reason} by ${why.revocation.requestedBy} at ${time(why.revocation.revokedAt)}`],
          ['access-token lifetime', decided?.accessTokenLifetimeMinutes !== undefined ? minutes(decided.accessTokenLifetimeMinutes) : null],
          ['refresh lifetime', decided?.refreshTokenLifetimeMinutes !== undefined ? minutes(decided.refreshTokenLifetimeMinutes) : null],
          ['idle window', decided?.refreshTokenWindowMinutes !== undefined ? minutes(decided.refreshTokenWindowMinutes) : null],
          ['rotation', decided?.rotation && `${decided.rotation.type}, leeway ${decided.rotation.leewaySeconds} s`],
          ['decided by', decided && <ProvenanceText provenance={decided.provenance} />],
          ['evaluated at', time(why.evaluatedAt)],
        ]}
      />
    </section>
  );
}
