import { useEffect, useRef, useState } from 'preact/hooks';
import type { FamilyState } from '../api/client';
import { useConsole } from '../context';
import { minutes, time } from '../components/format';
import { ProvenanceText } from '../components/timeline';
import { Badge, ErrorBox, Facts, OneFieldForm } from '../components/widgets';

/** How long the time control rests before its instant is asked for. */
const DEBOUNCE_MS = 250;

interface Span {
  readonly familyId: string;
  /** The family's first and last event instants and the service's now, epoch ms. */
  readonly from: number;
  readonly to: number;
  readonly marks: readonly { at: number; type: string; revision: string }[];
}

/** State as of: a time control over the family's life and the state at that instant. Auditor. */
export function StateAsOfPage() {
  const { api, familyId: selected, selectFamily } = useConsole();
  const [span, setSpan] = useState<Span | null>(null);
  const [at, setAt] = useState<number | null>(null);
  const [state, setState] = useState<FamilyState | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const latest = useRef(0);

  const open = async (familyId: string) => {
    setError(null);
    setSpan(null);
    setState(null);
    try {
      // The state without `at` is the state now, by the service's clock: the right end of the control.
      const [events, now] = await Promise.all([api.familyEvents(familyId), api.familyState(familyId)]);
      const marks = now.eventsConsidered.map((e) => ({ at: Date.parse(e.at ?? e.recordedAt), type: e.type, revision: e.revision }));
      const from = marks[0]?.at ?? Date.parse(events[0]?.recordedAt ?? now.at);
      const to = Math.max(Date.parse(now.at), ...marks.map((m) => m.at));
      setSpan({ familyId, from, to, marks });
      setState(now);
      setAt(Date.parse(now.at));
      selectFamily(familyId);
    } catch (caught) {
      setError(caught);
    }
  };

  useEffect(() => {
    if (selected) void open(selected);
  }, []);

  // Debounced: dragging the control asks for the instant it stops at, not every pixel on the way.
  useEffect(() => {
    if (!span || at === null || (state && Date.parse(state.at) === at)) return;
    const ticket = ++latest.current;
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const answer = await api.familyState(span.familyId, new Date(at).toISOString());
        if (ticket === latest.current) {
          setState(answer);
          setError(null);
        }
      } catch (caught) {
        if (ticket === latest.current) setError(caught);
      } finally {
        if (ticket === latest.current) setLoading(false);
      }
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [at, span]);

  return (
    <section>
      <OneFieldForm label="Family id" name="familyId" button="Open" initial={selected ?? ''} onSubmit={(familyId) => void open(familyId)} />
      <ErrorBox error={error} />
      {span && at !== null && (
        <div class="card">
          <label class="time-control">
            Instant <output data-testid="time-control-value">{time(at)}</output>
            <input
              type="range"
              name="at"
              aria-label="Instant"
              min={span.from}
              max={span.to}
              step={1000}
              value={at}
              onInput={(e) => setAt(Number((e.target as HTMLInputElement).value))}
            />
          </label>
          <div class="marks" aria-label="Events">
            {span.marks.map((mark) => (
              <button type="button" class="secondary small" key={mark.revision} title={time(mark.at)} onClick={() => setAt(mark.at)}>
                #{mark.revision} {mark.type}
              </button>
            ))}
            <button type="button" class="secondary small" onClick={() => setAt(span.to)}>
              now
            </button>
          </div>
        </div>
      )}
      {state && <StateView state={state} loading={loading} />}
    </section>
  );
}

function StateView({ state, loading }: { state: FamilyState; loading: boolean }) {
  const tone = state.active ? 'ok' : state.status === 'revoked' ? 'bad' : 'warn';
  return (
    <section class={`card${loading ? ' loading' : ''}`} aria-label="State" aria-busy={loading} data-testid="state" data-at={state.at}>
      <p class="verdict">
        <span class="muted">at {time(state.at)}</span>{' '}
        <Badge tone={tone} testId="state-status">
          {state.status}
        </Badge>{' '}
        {state.reason && <code>{state.reason}</code>}
      </p>
      <Facts
        items={[
          ['revocation', state.revocation && `${state.revocation.reason} by ${state.revocation.requestedBy} at ${time(state.revocation.revokedAt)}`],
          ['client', state.family?.clientId],
          ['subject', state.family?.subject],
          ['scopes', state.family?.scopes.join(' ')],
          ['current refresh token', state.currentRefreshToken && `${state.currentRefreshToken.id} (generation ${state.currentRefreshToken.sequence}), expires ${time(state.currentRefreshToken.expiresAt)}`],
          ['leeway retry', state.leewayRetry && `${state.leewayRetry.tokenId} until ${time(state.leewayRetry.until)}`],
          ['access token', state.accessToken && `${state.accessToken.jti}, ${minutes(state.accessToken.lifetimeMinutes)}, expires ${time(state.accessToken.expiresAt)}${state.accessToken.active ? '' : ' (revoked)'}`],
          ['access lifetime decided by', state.accessToken && <ProvenanceText provenance={state.accessToken.provenance} />],
          ['refresh lifetimes', state.lifetimes && `${minutes(state.lifetimes.refreshTokenMinutes)}, idle ${minutes(state.lifetimes.refreshTokenWindowMinutes)}`],
          ['refresh lifetimes decided by', state.lifetimes && <ProvenanceText provenance={state.lifetimes.provenance} />],
          ['events', `${state.eventsConsidered.length} folded, ${state.eventsAfter} after this instant`],
        ]}
      />
    </section>
  );
}
