import { increments, refreshOutcomes } from './metrics';

const scrape = (refreshed: number, reused: number) => `# HELP ledger_refresh_outcomes_total Refresh-token grant requests by outcome.
# TYPE ledger_refresh_outcomes_total counter
ledger_refresh_outcomes_total{outcome="refreshed"} ${refreshed}
ledger_refresh_outcomes_total{outcome="reused_outside_leeway"} ${reused}
ledger_refresh_token_reuse_detections_total ${reused}
ledger_http_request_duration_seconds_count{method="POST",route="/oauth2/:as/v1/token",status_code="200"} 99
`;

describe('the refresh-outcome samples of the operations page', () => {
  it('reads the counter per outcome and nothing else from the exposition text', () => {
    const sample = refreshOutcomes(scrape(5, 1), 1000);
    expect(sample.at).toBe(1000);
    expect([...sample.counts]).toEqual([
      ['refreshed', 5],
      ['reused_outside_leeway', 1],
    ]);
    expect(refreshOutcomes('ledger_refresh_outcomes_total{instance="a",outcome="invalid_grant"} 2\n', 0).counts.get('invalid_grant')).toBe(2);
  });

  it('charts what happened between samples; an outcome seen late starts from zero; a restart (counter reset) counts from zero', () => {
    const samples = [refreshOutcomes(scrape(5, 0).replace(/.*reused_outside_leeway.*\n/, ''), 0), refreshOutcomes(scrape(8, 1), 2000), refreshOutcomes(scrape(2, 1), 4000)];
    const { outcomes, points } = increments(samples);
    expect(outcomes).toEqual(['refreshed', 'reused_outside_leeway']);
    expect(points.map((p) => [p.at, p.values.get('refreshed'), p.values.get('reused_outside_leeway')])).toEqual([
      [2000, 3, 1],
      [4000, 2, 0],
    ]);
  });

  it('needs two samples for a first point', () => {
    expect(increments([refreshOutcomes(scrape(1, 0), 0)]).points).toEqual([]);
  });
});
