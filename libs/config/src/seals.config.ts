import * as path from 'node:path';
import { intVar } from './env-vars';

/** Where the sealing key comes from: the operator's private JWK, or (`null`) the key recorded in the log. */
export type SealingKeySource = { readonly kind: 'env'; readonly value: string } | { readonly kind: 'file'; readonly file: string } | null;

/** The ledger's seals (signed Merkle tree heads) and the integrity gate. */
export interface SealsConfig {
  /**
   * How often the log is sealed when it has new events (`LEDGER_SEAL_INTERVAL_MS`, default 1000;
   * 0 = never, not even at shutdown). Events since the last seal are the window an attacker with
   * write access to the store could still rewrite unnoticed by an auditor holding a seal.
   */
  readonly intervalMs: number;
  /**
   * How often the service re-verifies the log against its seals (`LEDGER_INTEGRITY_CHECK_INTERVAL_MS`,
   * default 3600000; 0 = only at start).
   */
  readonly integrityCheckIntervalMs: number;
  /**
   * A private Ed25519 JWK that signs the seals (`LEDGER_SEALING_KEY`, or the file
   * `LEDGER_SEALING_KEY_FILE` names); unset = a key generated once and recorded in the log,
   * wrapped under the key-encryption key.
   */
  readonly sealingKey: SealingKeySource;
  /** This replica's Merkle tree (`merkle-tree.db` beside `read-models.db`, `<name>.merkle-tree.db` beside another read-model file; `:memory:` with in-memory read models). */
  readonly merkleTreeFile: string;
}

/** Parses the seal variables; both forms of the key at once fail the start. Values are never echoed. */
export function loadSealsConfig(env: NodeJS.ProcessEnv, readModelsFile: string): SealsConfig {
  const value = env.LEDGER_SEALING_KEY?.trim();
  const file = env.LEDGER_SEALING_KEY_FILE?.trim();
  if (value && file) throw new Error('set LEDGER_SEALING_KEY or LEDGER_SEALING_KEY_FILE, not both');
  return {
    intervalMs: intVar(env, 'LEDGER_SEAL_INTERVAL_MS', 1000, 0, 86_400_000),
    integrityCheckIntervalMs: intVar(env, 'LEDGER_INTEGRITY_CHECK_INTERVAL_MS', 3_600_000, 0, 2_147_483_647),
    sealingKey: value ? { kind: 'env', value } : file ? { kind: 'file', file: path.resolve(file) } : null,
    merkleTreeFile: merkleTreeFileOf(readModelsFile),
  };
}

/**
 * The tree goes with the read-model file, one per file: `merkle-tree.db` beside the default
 * `read-models.db`, `<name>.merkle-tree.db` beside any other (two replicas given two read-model
 * files in one directory get two trees, as each must own its own).
 */
function merkleTreeFileOf(readModelsFile: string): string {
  if (readModelsFile === ':memory:') return ':memory:';
  const base = path.basename(readModelsFile);
  const name = base === 'read-models.db' ? 'merkle-tree.db' : `${base.replace(/\.db$/, '')}.merkle-tree.db`;
  return path.join(path.dirname(readModelsFile), name);
}
