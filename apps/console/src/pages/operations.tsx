import { useEffect, useState } from 'preact/hooks';
import type { Projection } from '../api/client';
import { useConsole } from '../context';
import { time } from '../components/format';
import { refreshOutcomes, type Sample } from '../components/metrics';
import { OutcomeChart } from '../components/outcome-chart';
import { Badge, ConfirmButton, ErrorBox } from '../components/widgets';

const METRICS_EVERY_MS = 2_000;
const PROJECTIONS_EVERY_MS = 5_000;
/** The chart's window: the samples of the last minutes, kept in the page only. */
const WINDOW_MS = 10 * 60_000;

/** Operations: projections with lag and status, rebuilds, refresh outcomes over the last minutes. Admin. */
export function OperationsPage() {
  return (
    <section>
      <Projections />
      <h2>Refresh outcomes</h2>
      <p class="muted">From this service's own metrics (GET /metrics, ledger_refresh_outcomes_total), sampled every {METRICS_EVERY_MS / 1000} s while this page is open.</p>
      <RefreshOutcomes />
    </section>
  );
}

function Projections() {
  const { api } = useConsole();
  const [projections, setProjections] = useState<Projection[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = async () => {
    try {
      setProjections(await api.projections());
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  };
  useEffect(() => {
    void load();
    const timer = setInterval(load, PROJECTIONS_EVERY_MS);
    return () => clearInterval(timer);
  }, []);
  const rebuild = async (name: string) => {
    try {
      await api.rebuildProjection(name);
      await load();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <>
      <h2>Projections</h2>
      <ErrorBox error={error} />
      {projections && (
        <table data-testid="projections">
          <thead>
            <tr>
              <th>projection</th>
              <th>read models</th>
              <th>state</th>
              <th>lag</th>
              <th>events applied</th>
              <th>checkpoint</th>
              <th>rebuild</th>
            </tr>
          </thead>
          <tbody>
            {projections.map((p) => (
              <tr key={p.name} data-projection={p.name}>
                <td>{p.name}</td>
                <td>{p.readModels.join(', ')}</td>
                <td>
                  <Badge tone={p.state === 'LIVE' ? 'ok' : p.state === 'FAILED' ? 'bad' : 'warn'}>{p.state}</Badge>
                  {p.lastError && <div class="error small">{p.lastError}</div>}
                </td>
                <td>
                  {p.lagEvents}
                  {p.lagEventsCapped ? '+' : ''} events, {p.lagSeconds} s
                </td>
                <td>{p.eventsApplied}</td>
                <td>
                  <code>{p.checkpoint ?? '—'}</code>
                </td>
                <td>
                  {p.rebuild ? (
                    <span>
                      {p.rebuild.state} (generation {p.rebuild.generation}, {p.rebuild.eventsApplied} events)
                    </span>
                  ) : (
                    <>
                      {p.lastRebuild && <div class="muted small">last: {time(p.lastRebuild.finishedAt)}</div>}
                      <ConfirmButton
                        label="Rebuild"
                        confirmLabel="Rebuild now"
                        question={`Rebuild ${p.name} from the log? Its read models are rebuilt in new tables and swapped in when caught up.`}
                        onConfirm={() => rebuild(p.name)}
                      />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function RefreshOutcomes() {
  const { api } = useConsole();
  const [samples, setSamples] = useState<Sample[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let stopped = false;
    const scrape = async () => {
      try {
        const sample = refreshOutcomes(await api.metrics(), Date.now());
        if (!stopped) setSamples((kept) => [...kept.filter((s) => s.at >= sample.at - WINDOW_MS), sample]);
        setError(null);
      } catch (caught) {
        if (!stopped) setError(caught);
      }
    };
    void scrape();
    const timer = setInterval(scrape, METRICS_EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  const last = samples[samples.length - 1];
  return (
    <>
      <ErrorBox error={error} />
      <OutcomeChart samples={samples} windowMs={WINDOW_MS} />
      {last && (
        <p class="muted" data-testid="refresh-totals">
          Totals since the service started:{' '}
          {[...last.counts.entries()].map(([outcome, count]) => `${outcome} ${count}`).join(', ') || 'no refresh yet'}
        </p>
      )}
    </>
  );
}
