import type { EventStore } from '@ledger/event-sourcing';
import type { SealingPublicJwk } from '@ledger/token-crypto';
import { verifySeals, type LedgerIntegrityReport } from './seals/verify-seals';
import { verifyStore, type ChainVerificationJson } from './verify-store';

/**
 * The whole-log verification: the stream chains, and the seals, gaps and removals of
 * {@link verifySeals}. `removed` joins both views of the removal records: what the chains went
 * through (`recorded` events in `streams` streams, `stillStored` of them still in the store and
 * checked against their recorded hashes) and what the tree found (`invalid` entries).
 */
export type LedgerVerificationJson = Omit<ChainVerificationJson, 'removed'> &
  Omit<LedgerIntegrityReport, 'ok' | 'removed'> & {
    readonly removed: { readonly recorded: number; readonly streams: number; readonly stillStored: number; readonly invalid: number };
  };

/**
 * Verifies the whole log: every stream's hash chain ({@link verifyStore}) and the seals over the
 * Merkle tree of the log ({@link verifySeals}). `ok` only when both hold. The audit API's
 * `POST /api/v1/audit/verify` and the CLI's `verify` (without `--stream`) both run this.
 */
export async function verifyLedger(
  store: EventStore,
  options: { readonly trustedKeys: ReadonlyMap<string, SealingPublicJwk>; readonly untrustedKeys?: readonly string[]; readonly densePositions: boolean },
): Promise<LedgerVerificationJson> {
  const chains = (await verifyStore(store)) as ChainVerificationJson;
  const { ok, removed, ...integrity } = await verifySeals(store, options);
  return {
    ...chains,
    ok: chains.ok && ok,
    ...integrity,
    removed: {
      recorded: chains.removed?.recorded ?? removed.recorded,
      streams: chains.removed?.streams ?? 0,
      stillStored: chains.removed?.stillStored ?? 0,
      invalid: removed.invalid,
    },
  };
}
