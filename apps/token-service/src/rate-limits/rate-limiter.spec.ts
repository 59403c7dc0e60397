import { loadLedgerConfig, type LedgerConfig } from '@ledger/config';
import { TooManyRequestsError } from '../oauth-errors/oauth-errors';
import type { Clock } from '../shared/clock';
import { RateLimiter } from './rate-limiter';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);

function limiter(env: Record<string, string>, clock: { now: number }): RateLimiter {
  const config: LedgerConfig = loadLedgerConfig(env);
  const source: Clock = { now: () => clock.now };
  return new RateLimiter(config, source);
}

/** What admitRequest or a budget check threw, or `undefined`. */
function refusal(run: () => unknown): TooManyRequestsError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof TooManyRequestsError) return error;
    throw error;
  }
  return undefined;
}

describe('RateLimiter', () => {
  const env = {
    LEDGER_RATE_LIMIT_CLIENT_REQUESTS: '3',
    LEDGER_RATE_LIMIT_ADDRESS_REQUESTS: '5',
    LEDGER_RATE_LIMIT_CLIENT_FAILURES: '2',
    LEDGER_RATE_LIMIT_ADDRESS_FAILURES: '4',
  };

  it('request budgets: reports the tighter of the address and the client id, refuses past either, per endpoint', () => {
    const clock = { now: T0 + 15_000 };
    const limits = limiter(env, clock);
    expect(limits.admitRequest('token', '10.0.0.1', 'app')).toEqual({ limit: 3, remaining: 2, resetAtMs: T0 + MINUTE });
    limits.admitRequest('token', '10.0.0.1', 'app');
    expect(limits.admitRequest('token', '10.0.0.1', 'app')).toEqual({ limit: 3, remaining: 0, resetAtMs: T0 + MINUTE });
    const refused = refusal(() => limits.admitRequest('token', '10.0.0.1', 'app'));
    expect(refused).toMatchObject({ code: 'slow_down', status: 429, reason: 'client_request_limit', rateLimit: { limit: 3, remaining: 0, resetAtMs: T0 + MINUTE }, retryAfterSeconds: 45 });
    // Another endpoint, another budget; the address has spent 4 of its 5 token requests.
    expect(limits.admitRequest('introspect', '10.0.0.1', 'app')).toEqual({ limit: 3, remaining: 2, resetAtMs: T0 + MINUTE });
    expect(limits.admitRequest('token', '10.0.0.1', 'other')).toEqual({ limit: 5, remaining: 0, resetAtMs: T0 + MINUTE });
    expect(refusal(() => limits.admitRequest('token', '10.0.0.1', 'third'))).toMatchObject({ reason: 'address_request_limit', rateLimit: { limit: 5 } });
    // An IPv4 client of a dual-stack socket is the same address.
    expect(refusal(() => limits.admitRequest('token', '::ffff:10.0.0.1', undefined))).toMatchObject({ reason: 'address_request_limit' });
    expect(limits.admitRequest('token', '10.0.0.2', undefined)).toEqual({ limit: 5, remaining: 4, resetAtMs: T0 + MINUTE });
    clock.now = T0 + MINUTE;
    expect(limits.admitRequest('token', '10.0.0.1', 'app')).toEqual({ limit: 3, remaining: 2, resetAtMs: T0 + 2 * MINUTE });
  });

  it('client failures: refused once the client id has failed its budget, until the window ends; other ids are not', () => {
    const clock = { now: T0 };
    const limits = limiter(env, clock);
    limits.requireClientCredentialBudget('10.0.0.1', 'app');
    limits.recordClientFailure('10.0.0.1', 'app');
    limits.recordClientFailure('10.0.0.2', 'app');
    expect(refusal(() => limits.requireClientCredentialBudget('10.0.0.3', 'app'))).toMatchObject({
      reason: 'client_failure_limit',
      rateLimit: { limit: 2, remaining: 0, resetAtMs: T0 + MINUTE },
      retryAfterSeconds: 60,
    });
    expect(refusal(() => limits.requireClientCredentialBudget('10.0.0.3', 'other'))).toBeUndefined();
    clock.now = T0 + MINUTE - 1;
    expect(refusal(() => limits.requireClientCredentialBudget('10.0.0.3', 'app'))).toMatchObject({ retryAfterSeconds: 1 });
    clock.now = T0 + MINUTE;
    expect(refusal(() => limits.requireClientCredentialBudget('10.0.0.3', 'app'))).toBeUndefined();
  });

  it('address failures: refused for any client id once the address has failed its budget', () => {
    const limits = limiter(env, { now: T0 });
    for (const id of ['a', 'b', 'c', undefined]) limits.recordClientFailure('10.0.0.1', id);
    expect(refusal(() => limits.requireClientCredentialBudget('10.0.0.1', 'fresh'))).toMatchObject({ reason: 'address_failure_limit', rateLimit: { limit: 4 } });
    expect(refusal(() => limits.requireClientCredentialBudget('10.0.0.2', 'fresh'))).toBeUndefined();
    // Admin and auditor credentials have their own count.
    expect(refusal(() => limits.requireServiceCredentialBudget('10.0.0.1'))).toBeUndefined();
  });

  it('service credential failures: per address', () => {
    const limits = limiter(env, { now: T0 });
    for (let i = 0; i < 4; i++) limits.recordServiceCredentialFailure('10.0.0.1');
    expect(refusal(() => limits.requireServiceCredentialBudget('10.0.0.1'))).toMatchObject({ reason: 'service_credential_failure_limit', rateLimit: { limit: 4 } });
    expect(refusal(() => limits.requireServiceCredentialBudget('10.0.0.2'))).toBeUndefined();
    expect(refusal(() => limits.requireServiceCredentialBudget(undefined))).toBeUndefined();
  });

  it('a failure budget of 0 is off', () => {
    const limits = limiter({ ...env, LEDGER_RATE_LIMIT_CLIENT_FAILURES: '0', LEDGER_RATE_LIMIT_ADDRESS_FAILURES: '0' }, { now: T0 });
    for (let i = 0; i < 10; i++) {
      limits.recordClientFailure('10.0.0.1', 'app');
      limits.recordServiceCredentialFailure('10.0.0.1');
    }
    expect(refusal(() => limits.requireClientCredentialBudget('10.0.0.1', 'app'))).toBeUndefined();
    expect(refusal(() => limits.requireServiceCredentialBudget('10.0.0.1'))).toBeUndefined();
  });

  it('LEDGER_RATE_LIMITS=off: nothing is counted or refused, and there are no headers to send', () => {
    const limits = limiter({ ...env, LEDGER_RATE_LIMITS: 'off' }, { now: T0 });
    for (let i = 0; i < 10; i++) {
      expect(limits.admitRequest('token', '10.0.0.1', 'app')).toBeNull();
      limits.recordClientFailure('10.0.0.1', 'app');
      limits.recordServiceCredentialFailure('10.0.0.1');
    }
    expect(refusal(() => limits.requireClientCredentialBudget('10.0.0.1', 'app'))).toBeUndefined();
    expect(refusal(() => limits.requireServiceCredentialBudget('10.0.0.1'))).toBeUndefined();
  });
});
