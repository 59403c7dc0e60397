/** What every RPC handler of the emulator shares. */
import type { Metadata } from '@grpc/grpc-js';

import type { RpcError } from './errors';
import type { Faults, FidelitySettings } from './faults';
import type { status } from './protocol';
import type { EmulatorStats } from './stats';
import type { EventLog, StoredEvent, StreamView } from './store';
import type { SubscriptionRegistry } from './subscriptions';

/** Resolved `startEsdbEmulator` options. */
export interface EmulatorSettings extends FidelitySettings {
  readonly host: string;
  /** Advertise `Streams/BatchAppend` (and serve it); without it the client appends with `Append`. */
  readonly batchAppend: boolean;
  /** `event_store_server_version` in `GetSupportedMethods`. */
  readonly serverVersion: string;
  /** Send `caught_up` to subscriptions, as servers from 23.10 on do. */
  readonly sendsCaughtUp: boolean;
  /** Bytes an append may carry, counted as the server counts them (`Event.SizeOnDisk`). */
  readonly maxAppendSize: number;
}

/**
 * The log as one node sees it: all of it on the leader, what it has replicated so far on a
 * follower (`cluster.ts`). Reads and subscriptions go through it; writes go to the shared
 * {@link EventLog} (a follower forwards them to the leader).
 */
export interface LogReader {
  /** Every record of the shared log; only the first {@link allLength} are visible on this node. */
  readonly all: readonly StoredEvent[];
  /** How many records of `$all` this node has (a prefix of {@link all}). */
  allLength(): number;
  viewStream(streamName: string): StreamView;
  /** A stream's live state; `events` holds only the revisions this node has. */
  streamState(
    streamName: string,
  ): { readonly events: readonly StoredEvent[]; readonly truncateBefore: bigint; readonly tombstoned: boolean } | undefined;
  /** Resolves when this node may see more (a write, or a replication step); rejects when `signal` aborts. */
  waitForWrite(signal: AbortSignal): Promise<void>;
}

/**
 * How a node answers a call according to its role (EventStore
 * `src/EventStore.Core/Services/VNode/ClusterVNodeController.cs`, `HandleAsNonLeader`).
 */
export interface NodeGate {
  /** The error a read or subscription must fail with on this node, if any. */
  refuseRead(metadata: Metadata): RpcError | undefined;
  /**
   * Why a write must not be served here: `call` fails the call with `error` (not leader, or
   * not ready on `Append`/`Delete`/`Tombstone`), `inBand` is `BatchAppend`'s per-append answer
   * while the node is not ready. `undefined`: serve it (a follower forwards it to the leader).
   */
  refuseWrite(metadata: Metadata): { readonly error: RpcError; readonly inBand?: status.Status } | undefined;
}

export interface EmulatorContext {
  /** The shared log, where writes go. */
  readonly log: EventLog;
  /** The log as this node sees it, for reads and subscriptions. */
  readonly reader: LogReader;
  readonly gate: NodeGate;
  readonly faults: Faults;
  readonly subscriptions: SubscriptionRegistry;
  readonly settings: EmulatorSettings;
  readonly stats: EmulatorStats;
  /** Where this node listens (known once bound). */
  readonly endpoint: () => { host: string; port: number };
}
