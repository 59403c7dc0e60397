import { Inject, Injectable } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig, type RateLimitsConfig } from '@ledger/config';
import { TooManyRequestsError, type RateLimitStatus } from '../oauth-errors/oauth-errors';
import { CLOCK, type Clock } from '../shared/clock';
import { FixedWindowCounter } from './fixed-window-counter';

/** The endpoints with a request budget; the gRPC token RPCs count against the endpoint they mirror. */
export type RateLimitedEndpoint = 'token' | 'introspect' | 'revoke';

const TOO_MANY_REQUESTS = 'Too many requests. Retry after the time given in Retry-After.';
const TOO_MANY_FAILURES = 'Too many failed authentication attempts. Retry after the time given in Retry-After.';

/**
 * The service's budgets, counted per replica in memory (see `RateLimitsConfig`):
 * - requests to the token, introspection and revocation endpoints, per endpoint, per claimed
 *   client id and per source address;
 * - failed credentials: client authentications per claimed client id and per address, admin and
 *   auditor credentials per address. Once a budget is spent, every attempt is refused with 429,
 *   a right credential included, until the window ends: a guesser learns nothing more.
 *
 * Every check is a few `Map` lookups and runs before any secret is hashed, any JWT verified or
 * the store read, so refusing a flood costs less than serving it. Client ids are counted as
 * claimed, registered or not: counting only known ids would make the answer an oracle for which
 * ids exist (the fixed key bound keeps made-up ids from growing the maps).
 */
@Injectable()
export class RateLimiter {
  private readonly config: RateLimitsConfig;
  /**
   * Request counts per endpoint, keyed by the client id or address alone: no key string is
   * built per request (this runs on every refresh).
   */
  private readonly clientRequests: Readonly<Record<RateLimitedEndpoint, FixedWindowCounter>>;
  private readonly addressRequests: Readonly<Record<RateLimitedEndpoint, FixedWindowCounter>>;
  private readonly clientFailures: FixedWindowCounter;
  private readonly addressFailures: FixedWindowCounter;
  private readonly adminFailures: FixedWindowCounter;

  constructor(@Inject(LEDGER_CONFIG) config: LedgerConfig, @Inject(CLOCK) private readonly clock: Clock) {
    this.config = config.rateLimits;
    const windowMs = this.config.windowMs;
    const perEndpoint = () => ({ token: new FixedWindowCounter(windowMs), introspect: new FixedWindowCounter(windowMs), revoke: new FixedWindowCounter(windowMs) });
    this.clientRequests = perEndpoint();
    this.addressRequests = perEndpoint();
    this.clientFailures = new FixedWindowCounter(windowMs);
    this.addressFailures = new FixedWindowCounter(windowMs);
    this.adminFailures = new FixedWindowCounter(windowMs);
  }

  /**
   * Counts one request to `endpoint` against the address's and the client id's budgets.
   *
   * @returns the tighter of the two budgets (Okta's headers), or `null` when limits are off
   * @throws TooManyRequestsError when either budget is spent
   */
  admitRequest(endpoint: RateLimitedEndpoint, address: string | undefined, clientId: string | undefined): RateLimitStatus | null {
    if (!this.config.enabled) return null;
    const now = this.clock.now();
    const { addressRequests: addressLimit, clientRequests: clientLimit } = this.config;
    // A request with no address or no claimed client id is not held to that budget.
    const addresses = this.addressRequests[endpoint];
    const addressLeft = address !== undefined ? addressLimit - addresses.hit(plainAddress(address), now) : Infinity;
    const clientLeft = clientId !== undefined ? clientLimit - this.clientRequests[endpoint].hit(clientId, now) : Infinity;
    const resetAtMs = addresses.resetAt(now);
    if (addressLeft < 0) throw this.refusal(TOO_MANY_REQUESTS, 'address_request_limit', addressLimit, resetAtMs, now);
    if (clientLeft < 0) throw this.refusal(TOO_MANY_REQUESTS, 'client_request_limit', clientLimit, resetAtMs, now);
    if (clientLeft < addressLeft) return { limit: clientLimit, remaining: clientLeft, resetAtMs };
    return { limit: addressLimit, remaining: addressLeft === Infinity ? addressLimit : addressLeft, resetAtMs };
  }

  /**
   * Refuses, before the credential is checked, a client id or address whose failed client
   * authentications have spent their budget in this window.
   *
   * @throws TooManyRequestsError
   */
  requireClientCredentialBudget(address: string | undefined, clientId: string | undefined): void {
    if (!this.config.enabled) return;
    const now = this.clock.now();
    const { addressFailures: addressLimit, clientFailures: clientLimit } = this.config;
    if (addressLimit > 0 && address !== undefined && this.addressFailures.count(plainAddress(address), now) >= addressLimit) {
      throw this.refusal(TOO_MANY_FAILURES, 'address_failure_limit', addressLimit, this.addressFailures.resetAt(now), now);
    }
    if (clientLimit > 0 && clientId !== undefined && this.clientFailures.count(clientId, now) >= clientLimit) {
      throw this.refusal(TOO_MANY_FAILURES, 'client_failure_limit', clientLimit, this.clientFailures.resetAt(now), now);
    }
  }

  /** Counts a failed client authentication against the address and the claimed client id. */
  recordClientFailure(address: string | undefined, clientId: string | undefined): void {
    if (!this.config.enabled) return;
    const now = this.clock.now();
    if (address !== undefined) this.addressFailures.hit(plainAddress(address), now);
    if (clientId !== undefined) this.clientFailures.hit(clientId, now);
  }

  /**
   * Refuses, before the credential is compared, an address whose wrong admin or auditor
   * credentials have spent their budget in this window.
   *
   * @throws TooManyRequestsError
   */
  requireServiceCredentialBudget(address: string | undefined): void {
    const limit = this.config.addressFailures;
    if (!this.config.enabled || limit === 0 || address === undefined) return;
    const now = this.clock.now();
    if (this.adminFailures.count(plainAddress(address), now) >= limit) {
      throw this.refusal(TOO_MANY_FAILURES, 'service_credential_failure_limit', limit, this.adminFailures.resetAt(now), now);
    }
  }

  /** Counts a wrong admin or auditor credential against the address. */
  recordServiceCredentialFailure(address: string | undefined): void {
    if (!this.config.enabled || address === undefined) return;
    this.adminFailures.hit(plainAddress(address), this.clock.now());
  }

  private refusal(description: string, reason: string, limit: number, resetAtMs: number, now: number): TooManyRequestsError {
    return new TooManyRequestsError(description, reason, { limit, remaining: 0, resetAtMs }, Math.max(1, Math.ceil((resetAtMs - now) / 1000)));
  }
}

/** An IPv4 client of a dual-stack socket shows as `::ffff:a.b.c.d`: the same address as `a.b.c.d`. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
