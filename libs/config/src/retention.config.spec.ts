import { loadRetentionConfig } from './retention.config';

describe('loadRetentionConfig', () => {
  it('is off by default and runs hourly, first a minute after start', () => {
    expect(loadRetentionConfig({}, null)).toEqual({ days: null, intervalMs: 3_600_000, firstRunMs: 60_000 });
  });

  it('reads the days, the interval and the first run (never later than one interval)', () => {
    expect(loadRetentionConfig({ LEDGER_RETENTION_DAYS: '90', LEDGER_RETENTION_INTERVAL_MS: '5000' }, null)).toEqual({
      days: 90,
      intervalMs: 5000,
      firstRunMs: 5000,
    });
    expect(loadRetentionConfig({ LEDGER_RETENTION_DAYS: '1', LEDGER_RETENTION_FIRST_RUN_MS: '0' }, 1)).toMatchObject({ days: 1, firstRunMs: 0 });
  });

  it('refuses invalid values, naming the variable', () => {
    expect(() => loadRetentionConfig({ LEDGER_RETENTION_DAYS: '0' }, null)).toThrow('LEDGER_RETENTION_DAYS');
    expect(() => loadRetentionConfig({ LEDGER_RETENTION_DAYS: 'ninety' }, null)).toThrow('LEDGER_RETENTION_DAYS');
    expect(() => loadRetentionConfig({ LEDGER_RETENTION_INTERVAL_MS: '10' }, null)).toThrow('LEDGER_RETENTION_INTERVAL_MS');
  });

  it('refuses read-model retention shorter than the log retention (the janitor finds families in the read models)', () => {
    expect(() => loadRetentionConfig({ LEDGER_RETENTION_DAYS: '90' }, 30)).toThrow('LEDGER_READ_MODEL_RETENTION_DAYS');
    expect(loadRetentionConfig({ LEDGER_RETENTION_DAYS: '30' }, 90).days).toBe(30);
  });
});
