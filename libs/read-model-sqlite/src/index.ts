export {
  ReadModelDatabase,
  type Checkpoint,
  type ProjectionGenerations,
  type ReadModelDatabaseOptions,
  type WorkerBatch,
  type WorkerBatchEnd,
  type WriteBatch,
} from './read-model-database';
export type { ProjectedEvent, ProjectionTables, ProjectionWriter, TablesMode } from './projection-tables';
export { TOKEN_FAMILIES_PROJECTION, TOKEN_FAMILY_READ_MODELS } from './token-families.tables';
export {
  TokenFamiliesQueries,
  type FamilyCounts,
  type FamilyCursor,
  type FamilyPage,
  type FamilyQuery,
  type FamilyView,
  type IndexedToken,
  type RefreshTokenQuery,
  type StatusCounts,
} from './token-families.queries';
export { ReadModelFileInUseError, ReadModelOwnerLock, type ReadModelOwner } from './read-model-owner-lock';
export { MerkleTreeStore, MerkleTreeStoreError, type MerkleLeaf } from './merkle-tree-store';
