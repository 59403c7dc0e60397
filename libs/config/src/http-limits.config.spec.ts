import { loadHttpLimitsConfig } from './http-limits.config';
import { loadLedgerConfig } from './ledger-config';

describe('HTTP limits configuration', () => {
  it('defaults: headers 10 s, request 30 s, keep-alive 72 s, 10,000 connections, checked every second', () => {
    expect(loadHttpLimitsConfig({})).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 72_000,
      maxConnections: 10_000,
      timeoutCheckIntervalMs: 1000,
    });
  });

  it('reads every variable, and checks short deadlines as often as a quarter of the headers timeout', () => {
    const env = {
      LEDGER_HTTP_HEADERS_TIMEOUT_MS: '500',
      LEDGER_HTTP_REQUEST_TIMEOUT_MS: '1000',
      LEDGER_HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
      LEDGER_HTTP_MAX_CONNECTIONS: '3',
    };
    expect(loadHttpLimitsConfig(env)).toEqual({ headersTimeoutMs: 500, requestTimeoutMs: 1000, keepAliveTimeoutMs: 65_000, maxConnections: 3, timeoutCheckIntervalMs: 125 });
  });

  it('is part of the ledger configuration', () => {
    expect(loadLedgerConfig({ LEDGER_HTTP_MAX_CONNECTIONS: '42' }).http.maxConnections).toBe(42);
  });

  it.each([
    ['LEDGER_HTTP_HEADERS_TIMEOUT_MS', '0'],
    ['LEDGER_HTTP_REQUEST_TIMEOUT_MS', '1.5'],
    ['LEDGER_HTTP_KEEP_ALIVE_TIMEOUT_MS', '-1'],
    ['LEDGER_HTTP_MAX_CONNECTIONS', '0'],
    ['LEDGER_HTTP_MAX_CONNECTIONS', 'many'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadHttpLimitsConfig({ [name]: value })).toThrow(new RegExp(`^${name} must be an integer`));
  });

  it('refuses a headers timeout longer than the request timeout', () => {
    expect(() => loadHttpLimitsConfig({ LEDGER_HTTP_HEADERS_TIMEOUT_MS: '20000', LEDGER_HTTP_REQUEST_TIMEOUT_MS: '10000' })).toThrow(
      'LEDGER_HTTP_REQUEST_TIMEOUT_MS must be at least LEDGER_HTTP_HEADERS_TIMEOUT_MS',
    );
  });
});
