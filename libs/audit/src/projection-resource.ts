import { formatPosition } from '@ledger/event-sourcing';
import type { LaneState, ProjectionStatus } from '@ledger/projections';
import { iso, isoOrNull } from './iso-time';

type WireState = 'STARTING' | 'CATCHING_UP' | 'INDEXING' | 'LIVE' | 'FAILED' | 'STOPPED';

/** A projection's status as the ops API answers it. */
export interface ProjectionResource {
  readonly name: string;
  readonly readModels: readonly string[];
  readonly state: WireState;
  readonly generation: number;
  /** Global position of the last event applied (`<commit>/<prepare>`), or `null`. */
  readonly checkpoint: string | null;
  readonly eventsApplied: number;
  readonly lastAppliedRecordedAt: string | null;
  /** Events of its streams not applied yet (counting stops at `lagEventsCapped`). */
  readonly lagEvents: number;
  readonly lagEventsCapped: boolean;
  /** Age of the oldest event not applied yet, in seconds (0 when caught up). */
  readonly lagSeconds: number;
  readonly openBatch: { readonly events: number; readonly since: string } | null;
  readonly lastError: string | null;
  readonly rebuild: {
    readonly generation: number;
    readonly state: WireState;
    readonly startedAt: string | null;
    readonly checkpoint: string | null;
    readonly eventsApplied: number;
    readonly error: string | null;
  } | null;
  readonly lastRebuild: { readonly generation: number; readonly startedAt: string; readonly finishedAt: string } | null;
  readonly _links: { readonly self: { readonly href: string }; readonly rebuild: { readonly href: string; readonly hints: { readonly allow: readonly ['POST'] } } };
}

/** The wire shape of a {@link ProjectionStatus}. */
export function toProjectionResource(s: ProjectionStatus): ProjectionResource {
  const self = `/api/v1/ops/projections/${s.name}`;
  return {
    name: s.name,
    readModels: s.readModels,
    state: wireState(s.state),
    generation: s.generation,
    checkpoint: s.checkpoint ? formatPosition(s.checkpoint) : null,
    eventsApplied: s.eventsApplied,
    lastAppliedRecordedAt: isoOrNull(s.lastAppliedRecordedAt),
    lagEvents: s.lagEvents,
    lagEventsCapped: s.lagEventsCapped,
    lagSeconds: Math.round(s.lagSeconds * 1000) / 1000,
    openBatch: s.openBatch ? { events: s.openBatch.events, since: iso(s.openBatch.since) } : null,
    lastError: s.lastError,
    rebuild: s.rebuild
      ? {
          generation: s.rebuild.generation,
          state: wireState(s.rebuild.state),
          startedAt: isoOrNull(s.rebuild.startedAt),
          checkpoint: s.rebuild.checkpoint ? formatPosition(s.rebuild.checkpoint) : null,
          eventsApplied: s.rebuild.eventsApplied,
          error: s.rebuild.error,
        }
      : null,
    lastRebuild: s.lastRebuild
      ? { generation: s.lastRebuild.generation, startedAt: iso(s.lastRebuild.startedAt), finishedAt: iso(s.lastRebuild.finishedAt) }
      : null,
    _links: { self: { href: self }, rebuild: { href: `${self}/rebuild`, hints: { allow: ['POST'] } } },
  };
}

function wireState(state: LaneState): WireState {
  return state.toUpperCase() as WireState;
}
