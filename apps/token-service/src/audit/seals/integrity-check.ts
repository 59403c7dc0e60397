import { Inject, Injectable } from '@nestjs/common';
import { verifySeals, type LedgerIntegrityReport } from '@ledger/audit';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import { LedgerIntegrity } from '../../integrity/ledger-integrity';
import { CLOCK, type Clock } from '../../shared/clock';
import { SealingKeys } from './sealing-keys.service';

/**
 * The integrity gate's check: the seal, gap and removal part of `verify`, run over the whole
 * log at start and every `LEDGER_INTEGRITY_CHECK_INTERVAL_MS`, its outcome set on
 * {@link LedgerIntegrity}. Reads page by page on the event loop between requests; nothing on
 * the request path waits for it.
 */
@Injectable()
export class IntegrityCheck {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly keys: SealingKeys,
    private readonly integrity: LedgerIntegrity,
  ) {}

  /**
   * Verifies, sets the gate, and resolves to the report. `rootsAt` asks for the recomputed roots
   * at those tree sizes (the sealer compares its stored tree against them).
   */
  async run(rootsAt: readonly number[] = []): Promise<{ report: LedgerIntegrityReport; roots: Map<number, string> }> {
    const { keys, untrusted } = await this.keys.trusted();
    const roots = new Map<number, string>();
    const report = await verifySeals(this.store, {
      trustedKeys: keys,
      untrustedKeys: untrusted,
      densePositions: this.config.eventStoreUrl === undefined,
      rootsAt,
      roots,
    });
    const checkedAt = this.clock.now();
    if (report.ok) {
      this.integrity.pass(checkedAt);
    } else {
      const failed = [...(report.seals.ok ? [] : ['seals']), ...(report.gaps.ok ? [] : ['gaps']), ...(report.removed.invalid === 0 ? [] : ['removals'])];
      this.integrity.fail({
        failed,
        checkedAt,
        details: {
          ...(report.seals.firstBreak ? { sealBreak: report.seals.firstBreak } : {}),
          ...(report.seals.untrustedKeys ? { untrustedKeys: report.seals.untrustedKeys } : {}),
          ...(report.gaps.ok ? {} : { gaps: { missing: report.gaps.missing, ranges: report.gaps.ranges.slice(0, 5) } }),
          ...(report.removed.invalid === 0 ? {} : { invalidRemovalRecords: report.removed.invalid }),
          sealsChecked: report.seals.checked,
        },
      });
    }
    return { report, roots };
  }
}
