import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EMPTY_TREE_ROOT, LedgerSealer } from '@ledger/audit';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { EVENT_STORE, type EventStore } from '@ledger/event-sourcing';
import type { MerkleTreeStore } from '@ledger/read-model-sqlite';
import { LedgerIntegrity } from '../../integrity/ledger-integrity';
import { CLOCK, type Clock } from '../../shared/clock';
import { IntegrityCheck } from './integrity-check';
import { MERKLE_TREE } from './merkle-tree.provider';
import { SealingKeys } from './sealing-keys.service';

/** After a failed sealing round (store unavailable), the next one waits at least this long. */
const RETRY_AFTER_FAILURE_MS = 5_000;

/**
 * Runs the sealer and the integrity gate's check on timers, off the request path:
 *
 * - at start (before the app listens): the stored tree is opened, the whole log is verified
 *   against its seals (the gate is set from that), the stored tree is rebuilt from the log if it
 *   does not match the verified one, and the log is sealed;
 * - every `LEDGER_SEAL_INTERVAL_MS`: new events become leaves, and a seal is appended when there
 *   are any (never while the gate is down: a seal must not vouch for a log that failed);
 * - every `LEDGER_INTEGRITY_CHECK_INTERVAL_MS`: the check again;
 * - on graceful shutdown, before the store closes: one last seal, so the window since the last
 *   one closes too.
 */
@Injectable()
export class LedgerSealerScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('LedgerSealer');
  private readonly sealer: LedgerSealer;
  private sealTimer: NodeJS.Timeout | null = null;
  private checkTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private closing = false;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(MERKLE_TREE) private readonly tree: MerkleTreeStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly keys: SealingKeys,
    private readonly check: IntegrityCheck,
    private readonly integrity: LedgerIntegrity,
  ) {
    this.sealer = new LedgerSealer(store, tree);
  }

  private get sealing(): boolean {
    return this.config.seals.intervalMs > 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sealer.open();
    await this.verifyAndRepairTree();
    if (this.sealing) {
      // The key is made or loaded on the first seal, once the log verified (a replica that
      // cannot open the recorded key does not make another one while its seals fail).
      await this.sealOnce();
      this.scheduleSeal(this.config.seals.intervalMs);
    }
    this.scheduleCheck();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.sealTimer) clearTimeout(this.sealTimer);
    if (this.checkTimer) clearTimeout(this.checkTimer);
    await this.running;
    if (!this.sealing) return;
    // The last seal, while the store is still open: what was appended since the last one is covered too.
    await this.sealOnce().catch((error: unknown) => this.logger.warn({ msg: 'the seal at shutdown failed', error: messageOf(error) }));
  }

  onApplicationShutdown(): void {
    this.tree.close();
  }

  /** Catches up with the log and seals it (the scheduler's round; tests call it to seal now). */
  sealNow(): Promise<void> {
    const run = this.running.then(() => this.sealOnce());
    this.running = run.catch(() => undefined);
    return run;
  }

  /**
   * Resolves once this replica's tree holds at least `size` leaves (catching up with the log
   * when another replica sealed further than this one has read), for the proofs.
   */
  async treeReaches(size: number): Promise<void> {
    if (this.sealer.size >= size) return;
    const run = this.running.then(() => this.sealer.catchUp());
    this.running = run.then(
      () => undefined,
      () => undefined,
    );
    await run;
  }

  /**
   * Verifies the log and sets the gate; then checks the stored tree against the recomputed one
   * at the stored size, and rebuilds it from the log when they differ (it is derived data: a
   * crash, a copied file or an edit can leave it wrong, and proofs must come from the log's tree).
   */
  private async verifyAndRepairTree(): Promise<void> {
    const size = this.sealer.size;
    const { report, roots } = await this.check.run([size]);
    const stored = size === 0 ? EMPTY_TREE_ROOT : this.tree.root(size);
    if (report.tree.size < size || roots.get(size) !== stored) {
      this.logger.warn({ msg: 'the stored Merkle tree does not match the log; rebuilding it from the log', storedSize: size, logSize: report.tree.size });
      await this.sealer.rebuild();
    }
  }

  private async sealOnce(): Promise<void> {
    if (!this.integrity.intact) return;
    await this.sealer.catchUp();
    const key = await this.keys.signingKey();
    const outcome = await this.sealer.seal(key, this.clock.now());
    if (outcome.sealed) {
      const { treeSize, rootHash, lastPosition, keyId, sealedAt } = outcome.sealed;
      this.logger.log({ msg: 'ledger sealed', treeSize, rootHash, lastPosition, keyId, sealedAt, position: `${outcome.position.commit}/${outcome.position.prepare}` });
    } else if (outcome.reason === 'diverged') {
      // The newest seal is not this tree's root at its size: either the log changed under a
      // seal (the check fails and the gate closes) or this replica's stored tree is wrong.
      this.logger.warn({ msg: 'the newest seal does not match this replica\'s tree; verifying the log', sealTreeSize: outcome.sealTreeSize });
      await this.verifyAndRepairTree();
    }
  }

  private scheduleSeal(delayMs: number): void {
    if (this.closing) return;
    this.sealTimer = setTimeout(() => {
      let next = this.config.seals.intervalMs;
      this.running = this.running
        .then(() => this.sealOnce())
        .catch((error: unknown) => {
          next = Math.max(next, RETRY_AFTER_FAILURE_MS);
          this.logger.warn({ msg: 'sealing failed; it is tried again', error: messageOf(error) });
        })
        .finally(() => this.scheduleSeal(next));
    }, delayMs);
    this.sealTimer.unref();
  }

  private scheduleCheck(): void {
    const interval = this.config.seals.integrityCheckIntervalMs;
    if (interval === 0 || this.closing) return;
    this.checkTimer = setTimeout(() => {
      this.running = this.running
        .then(() => this.check.run())
        .then(
          () => undefined,
          (error: unknown) => this.logger.warn({ msg: 'the ledger integrity check could not run; it is tried again', error: messageOf(error) }),
        )
        .finally(() => this.scheduleCheck());
    }, interval);
    this.checkTimer.unref();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
