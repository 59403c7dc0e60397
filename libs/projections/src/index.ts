/**
 * `@ledger/projections`: the engine that keeps the read models following the event log, and
 * the ledger's runner of it. Framework-free: the service starts and stops it with the
 * application, the ledger CLI in its own process.
 */
export {
  ProjectionEngine,
  ProjectionWaitTimeoutError,
  UnknownProjectionError,
  type EngineLogger,
  type LaneState,
  type ProjectionEngineOptions,
  type ProjectionSource,
  type ProjectionStatus,
  type RebuildStatus,
  type RetentionOptions,
} from './projection-engine';
export { PROJECTION_SOURCES, ProjectionRunner, type ProjectionRunnerOptions, type RunnerLogger } from './projection-runner';
