/** One scrape of the refresh-outcome counter: when, and the count per outcome. */
export interface Sample {
  readonly at: number;
  readonly counts: ReadonlyMap<string, number>;
}

const REFRESH_OUTCOMES = /^ledger_refresh_outcomes_total\{(?:[^}]*,)?outcome="((?:[^"\\]|\\.)*)"[^}]*\}\s+(\S+)/;

/** `ledger_refresh_outcomes_total{outcome="…"} N` from Prometheus' text exposition format. */
export function refreshOutcomes(exposition: string, at: number): Sample {
  const counts = new Map<string, number>();
  for (const line of exposition.split('\n')) {
    const match = REFRESH_OUTCOMES.exec(line);
    if (match) counts.set(match[1], (counts.get(match[1]) ?? 0) + Number(match[2]));
  }
  return { at, counts };
}

/** Per outcome, how many happened between consecutive samples (a counter reset counts from zero). */
export function increments(samples: readonly Sample[]): { outcomes: string[]; points: { at: number; values: Map<string, number> }[] } {
  const outcomes = [...new Set(samples.flatMap((s) => [...s.counts.keys()]))].sort();
  const points = samples.slice(1).map((sample, i) => {
    const before = samples[i];
    const values = new Map<string, number>();
    for (const outcome of outcomes) {
      const now = sample.counts.get(outcome) ?? 0;
      const then = before.counts.get(outcome) ?? 0;
      values.set(outcome, now >= then ? now - then : now);
    }
    return { at: sample.at, values };
  });
  return { outcomes, points };
}
