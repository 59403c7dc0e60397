import { Injectable, Logger } from '@nestjs/common';
import { TemporarilyUnavailableError } from '../oauth-errors/oauth-errors';

/** What the last integrity check found broken: names and positions, never event content. */
export interface IntegrityFailure {
  /** Which check failed: `seals`, `gaps` or `removals`. */
  readonly failed: readonly string[];
  /** The details of each (seal revision and kind, gap ranges, …), for the readiness body. */
  readonly details: Readonly<Record<string, unknown>>;
  /** When the check ran (the service's clock). */
  readonly checkedAt: number;
}

/** A request refused because the ledger failed verification: 503 `temporarily_unavailable`. */
export class LedgerIntegrityError extends TemporarilyUnavailableError {
  constructor() {
    super(
      'The ledger failed verification: the service refuses to issue, refresh, revoke or introspect tokens, and to change configuration, until an operator has resolved it.',
      'ledger_integrity_failure',
    );
  }
}

/**
 * The integrity gate: whether the log verified against its seals at the last check (at start,
 * then every `LEDGER_INTEGRITY_CHECK_INTERVAL_MS`). Every token endpoint and every management or
 * ops write asks {@link requireIntact} first: a boolean read, no I/O, as cheap as the
 * configuration registry's freshness check beside it. Audit, health and metrics do not ask, so
 * people can investigate a ledger that failed.
 */
@Injectable()
export class LedgerIntegrity {
  private readonly logger = new Logger('LedgerIntegrity');
  private failure: IntegrityFailure | null = null;
  private lastCheckedAt: number | null = null;

  /** Whether the last check passed (or none ran yet: the start-up check runs before serving). */
  get intact(): boolean {
    return this.failure === null;
  }

  /** @throws LedgerIntegrityError when the last check failed. */
  requireIntact(): void {
    if (this.failure !== null) throw new LedgerIntegrityError();
  }

  /** Records a failed check: one error line naming what broke (positions and hashes only). */
  fail(failure: IntegrityFailure): void {
    const first = this.failure === null;
    this.failure = failure;
    this.lastCheckedAt = failure.checkedAt;
    if (first) {
      this.logger.error({ msg: 'ledger_integrity_failure: the event log does not verify against its seals; token and management writes answer 503', failed: failure.failed, ...failure.details });
    }
  }

  /** Records a passed check; a failure before it is lifted (the log was put right). */
  pass(checkedAt: number): void {
    if (this.failure !== null) this.logger.log({ msg: 'ledger integrity verified again; serving resumes' });
    this.failure = null;
    this.lastCheckedAt = checkedAt;
  }

  /** For readiness: the last check's time and, when it failed, what broke. */
  status(): { readonly intact: boolean; readonly checkedAt: number | null; readonly failure: IntegrityFailure | null } {
    return { intact: this.failure === null, checkedAt: this.lastCheckedAt, failure: this.failure };
  }
}
