import type { Provider } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '@ledger/config';
import { MerkleTreeStore } from '@ledger/read-model-sqlite';

/** Injection token of this replica's {@link MerkleTreeStore} (`merkle-tree.db` beside the read models). */
export const MERKLE_TREE = Symbol.for('tokenledger.MerkleTree');

/**
 * This replica's persisted tree: derived data the proofs are served from, rebuilt from the log
 * when missing or found not to match it (never trusted by a verification). Closed by the
 * sealer scheduler on shutdown, after the last seal.
 */
export const merkleTreeProvider: Provider = {
  provide: MERKLE_TREE,
  useFactory: (config: LedgerConfig) => MerkleTreeStore.open(config.seals.merkleTreeFile),
  inject: [LEDGER_CONFIG],
};
