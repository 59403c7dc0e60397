import { increments, type Sample } from './metrics';

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { left: 36, right: 8, top: 8, bottom: 20 };

/** Refresh outcomes per polling interval as lines, one per outcome: plain SVG, no library. */
export function OutcomeChart({ samples, windowMs }: { samples: readonly Sample[]; windowMs: number }) {
  const { outcomes, points } = increments(samples);
  if (points.length === 0) return <p class="muted">Collecting samples…</p>;
  const end = points[points.length - 1].at;
  const start = end - windowMs;
  const top = Math.max(1, ...points.flatMap((p) => [...p.values.values()]));
  const x = (at: number) => PAD.left + ((at - start) / windowMs) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) => HEIGHT - PAD.bottom - (value / top) * (HEIGHT - PAD.top - PAD.bottom);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="Refresh outcomes per interval" data-testid="refresh-chart">
        <line class="axis" x1={PAD.left} y1={y(0)} x2={WIDTH - PAD.right} y2={y(0)} />
        <line class="axis" x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={y(0)} />
        <text class="tick" x={PAD.left - 4} y={y(top) + 4} text-anchor="end">
          {top}
        </text>
        <text class="tick" x={PAD.left - 4} y={y(0)} text-anchor="end">
          0
        </text>
        <text class="tick" x={PAD.left} y={HEIGHT - 4}>
          −{Math.round(windowMs / 60_000)} min
        </text>
        <text class="tick" x={WIDTH - PAD.right} y={HEIGHT - 4} text-anchor="end">
          now
        </text>
        {outcomes.map((outcome, i) => (
          <polyline
            key={outcome}
            class={`series series-${i % 6}`}
            data-outcome={outcome}
            points={points.map((p) => `${x(p.at).toFixed(1)},${y(p.values.get(outcome) ?? 0).toFixed(1)}`).join(' ')}
          />
        ))}
      </svg>
      <figcaption>
        {outcomes.map((outcome, i) => (
          <span key={outcome} class={`legend series-${i % 6}`}>
            {outcome}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
