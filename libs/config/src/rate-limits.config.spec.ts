import { loadLedgerConfig } from './ledger-config';
import { loadRateLimitsConfig } from './rate-limits.config';

describe('rate limits configuration', () => {
  it('defaults: on, one-minute windows, 600,000 requests per client id and per address, 20 failures each', () => {
    expect(loadRateLimitsConfig({})).toEqual({
      enabled: true,
      windowMs: 60_000,
      clientRequests: 600_000,
      addressRequests: 600_000,
      clientFailures: 20,
      addressFailures: 20,
    });
  });

  it('reads every variable', () => {
    const env = {
      LEDGER_RATE_LIMITS: 'off',
      LEDGER_RATE_LIMIT_WINDOW_SECONDS: '10',
      LEDGER_RATE_LIMIT_CLIENT_REQUESTS: '100',
      LEDGER_RATE_LIMIT_ADDRESS_REQUESTS: '200',
      LEDGER_RATE_LIMIT_CLIENT_FAILURES: '0',
      LEDGER_RATE_LIMIT_ADDRESS_FAILURES: '5',
    };
    expect(loadRateLimitsConfig(env)).toEqual({ enabled: false, windowMs: 10_000, clientRequests: 100, addressRequests: 200, clientFailures: 0, addressFailures: 5 });
  });

  it('is part of the ledger configuration', () => {
    expect(loadLedgerConfig({ LEDGER_RATE_LIMIT_CLIENT_FAILURES: '3' }).rateLimits.clientFailures).toBe(3);
  });

  it.each([
    ['LEDGER_RATE_LIMIT_WINDOW_SECONDS', '0'],
    ['LEDGER_RATE_LIMIT_CLIENT_REQUESTS', '0'],
    ['LEDGER_RATE_LIMIT_ADDRESS_REQUESTS', '1.5'],
    ['LEDGER_RATE_LIMIT_CLIENT_FAILURES', '-1'],
    ['LEDGER_RATE_LIMIT_ADDRESS_FAILURES', 'many'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadRateLimitsConfig({ [name]: value })).toThrow(new RegExp(`^${name} must be an integer`));
  });

  it('refuses LEDGER_RATE_LIMITS other than on or off', () => {
    expect(() => loadRateLimitsConfig({ LEDGER_RATE_LIMITS: 'yes' })).toThrow(/^LEDGER_RATE_LIMITS must be on or off$/);
  });
});
