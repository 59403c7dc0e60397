/**
 * An in-process, wire-compatible EventStoreDB for tests: a gRPC server on an ephemeral
 * loopback port speaking the subset of EventStoreDB's v1 protocol that
 * `@eventstore/db-client@6.2.1` uses, so the real, unmodified client runs over real gRPC.
 *
 * Served: `ServerFeatures/GetSupportedMethods`, `Streams/{Append, BatchAppend, Read, Delete,
 * Tombstone}` (reads, `$all` reads with prefix filters, catch-up-then-live subscriptions with
 * checkpoints) and `Gossip/Read`. With `nodes: 3` it is a cluster of three nodes on three
 * ports sharing one log: a leader, followers that lag, `requires-leader`, NotLeader, elections
 * (`cluster.ts`). Faults a cluster produces (lost replies, deadlines, access denied in band),
 * the default `$all` ACL, TLS and the server's idempotency are modelled (`faults.ts`,
 * `auth.ts`, `store.ts`). Not served: persistent subscriptions, projections, user management,
 * operations, per-stream ACLs, stream metadata semantics (`$maxCount`, `$tb` set by hand...),
 * link resolution. See /work/shared/EVENTSTOREDB.md for the protocol facts it follows.
 *
 * @example
 * const emulator = await startEsdbEmulator();
 * const client = EventStoreDBClient.connectionString(emulator.connectionString);
 * // ...
 * await client.dispose();
 * await emulator.stop();
 */
import { status as GrpcStatus } from '@grpc/grpc-js';

import { Cluster, type NodeInfo, type NodeState } from './cluster';
import type { EmulatorSettings } from './context';
import { rpcError, unavailable } from './errors';
import { type EmulatedMethod, Faults, type FailNextCallOptions, type FaultKind, type FidelityOptions, fidelitySettings } from './faults';
import { transportQuery } from './auth';
import { EmulatorStats, type EmulatorStatsSnapshot } from './stats';
import { EventLog } from './store';

export type { EmulatedMethod, FailNextCallOptions, FaultKind } from './faults';
export type { NodeInfo, NodeState } from './cluster';
export type { EmulatorStatsSnapshot } from './stats';

export interface EsdbEmulatorOptions extends FidelityOptions {
  /**
   * `1` (default): one node, the leader. `3`: a cluster of three nodes, each its own gRPC
   * server on its own port, sharing one log; node `leader` leads, the others follow.
   */
  readonly nodes?: 1 | 3;
  /** Port of the first node; node i listens on `port + i` (default 0: ephemeral ports). */
  readonly port?: number;
  /** The node that leads at start (default 0). */
  readonly leader?: number;
  /** Followers see each commit this long after the leader (default 0). */
  readonly replicationLagMs?: number;
  /** How long after its leader died the cluster elects a new one (default 500 ms). */
  readonly electionMs?: number;
  /**
   * Advertise (and serve) `Streams/BatchAppend`, as every server since 21.10 does, so that the
   * client appends through it (default `true`). `false` answers `GetSupportedMethods` without
   * it, and the client falls back to `Streams/Append`.
   */
  readonly batchAppend?: boolean;
  /**
   * The version `GetSupportedMethods` reports (default `24.10.0`). Subscriptions send
   * `caught_up` only from 23.10 on, as real servers do; give an older version to check that
   * nothing waits for it.
   */
  readonly serverVersion?: string;
  /** Bytes one append may carry (default 1 MiB, the server's `MaxAppendSize`). */
  readonly maxAppendSize?: number;
  /**
   * Start the log with a few system events (`$settings`, `$user-admin`, `$users`), as a fresh
   * node's `$all` has (default `true`), so that `$all` readers must filter.
   */
  readonly systemEvents?: boolean;
  /** Milliseconds since the epoch for `created` (default `Date.now`). */
  readonly clock?: () => number;
}

interface SharedContext {
  readonly log: EventLog;
  readonly faults: Faults;
  readonly stats: EmulatorStats;
  readonly settings: EmulatorSettings;
}

/** How `dropAllSubscriptions` ends each subscription. */
export type DropKind =
  /** Status UNAVAILABLE: the client raises `UnavailableError` (and reconnects before its next call). */
  | 'UNAVAILABLE'
  /** Status ABORTED, as when the server gives up on a consumer: `TimeoutError` in the client. */
  | 'ABORTED'
  /** Status OK: the subscription just ends (`end` event, no error). */
  | 'END';

/** A running emulator: one node, or a cluster of three. */
export class EsdbEmulator {
  /**
   * One node: `esdb://127.0.0.1:<port>?tls=false`. Three: the nodes as gossip seeds,
   * `esdb://127.0.0.1:<p0>,127.0.0.1:<p1>,127.0.0.1:<p2>?tls=false`.
   */
  readonly connectionString: string;
  /** The connection string's transport parameters (`tls=false`, or TLS with the test CA). */
  private readonly transport: string;
  readonly host: string;
  /** The first node's port. */
  readonly port: number;

  constructor(
    private readonly cluster: Cluster,
    /** What every node shares: the log, the faults, the counters. */
    private readonly context: SharedContext,
  ) {
    this.transport = transportQuery(this.context.settings);
    const nodes = cluster.info();
    this.host = nodes[0].host;
    this.port = nodes[0].port;
    this.connectionString = `esdb://${nodes.map((node) => `${node.host}:${node.port}`).join(',')}?${this.transport}`;
  }

  /** Every node with its address and state. */
  get nodes(): NodeInfo[] {
    return this.cluster.info();
  }

  /** The leader's index; `undefined` during an election or without quorum. */
  get leader(): number | undefined {
    return this.cluster.leaderNode()?.index;
  }

  /** `esdb://host:port?tls=false` of one node: a client that stays on that node, without discovery. */
  nodeConnectionString(index: number): string {
    const node = this.nodes[index];
    if (!node) throw new RangeError(`No node ${index}`);
    return `esdb://${node.host}:${node.port}?${this.transport}`;
  }

  /** An election that `index` wins at once: it leads, the old leader follows. */
  setLeader(index: number): void {
    this.cluster.setLeader(index);
  }

  /**
   * The node fails its open calls with UNAVAILABLE and stops listening (connections are
   * refused). A dead leader is replaced by a live node after `electionMs`, if a majority of the
   * nodes is alive. Resolves once the port is closed.
   */
  killNode(index: number): Promise<void> {
    return this.cluster.killNode(index);
  }

  /** A dead node listens again on its port, as a follower. */
  restartNode(index: number): Promise<void> {
    return this.cluster.restartNode(index);
  }

  /** Followers see each commit `ms` after the leader from now on (0: at once). */
  setReplicationLag(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`The replication lag must be >= 0 ms, got ${ms}`);
    this.cluster.replication?.setLag(ms);
  }

  get replicationLagMs(): number {
    return this.cluster.replication?.lagMs ?? 0;
  }

  /** How the clients used the log so far (see {@link EmulatorStatsSnapshot}). */
  stats(): EmulatorStatsSnapshot {
    return this.context.stats.snapshot();
  }

  /** Makes the next matching call fail (see {@link FailNextCallOptions}); the calls after it work. */
  failNextCall(kind: FaultKind, options?: FailNextCallOptions): void {
    this.context.faults.failNextCall(kind, options);
  }

  /** Loses the recent event ids that de-duplicate `any`/`stream_exists` retries, as a restart or a new leader does. */
  forgetRecentAppends(): void {
    this.context.log.forgetRecentAppends();
  }

  /** Puts the server's clock `ms` ahead of this machine's (negative: behind), as BatchAppend deadlines see it. */
  setClockSkew(ms: number): void {
    this.context.faults.clockSkewMs = ms;
  }

  /** Ends every open subscription on every node (default: with UNAVAILABLE); answers how many there were. */
  dropAllSubscriptions(kind: DropKind = 'UNAVAILABLE'): number {
    const error =
      kind === 'UNAVAILABLE'
        ? unavailable('Subscription dropped (injected fault)')
        : kind === 'ABORTED'
          ? rpcError(GrpcStatus.ABORTED, 'Operation timed out: subscription dropped (injected fault)')
          : undefined;
    return this.cluster.nodes.reduce((dropped, node) => dropped + node.subscriptions.dropAll(error), 0);
  }

  /** Delays every live subscription event by `ms` (0 turns it off); the catch-up is not delayed. */
  setLiveDelay(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`The live delay must be >= 0 ms, got ${ms}`);
    this.context.faults.liveDelayMs = ms;
  }

  /** Calls the emulator received, by RPC, on every node (for `BatchAppend`: appends). */
  callCount(method: EmulatedMethod): number {
    return this.context.faults.callCount(method);
  }

  /** Subscriptions open right now, on every node. */
  get subscriptionCount(): number {
    return this.cluster.nodes.reduce((count, node) => count + node.subscriptions.size, 0);
  }

  /** Closes every call and every port. */
  async stop(): Promise<void> {
    this.context.faults.clear();
    this.cluster.stop();
  }
}

/** Starts an emulator (one node, or three) on 127.0.0.1. */
export async function startEsdbEmulator(options: EsdbEmulatorOptions = {}): Promise<EsdbEmulator> {
  const host = '127.0.0.1';
  const nodes = options.nodes ?? 1;
  if (nodes !== 1 && nodes !== 3) throw new RangeError(`nodes must be 1 or 3, got ${String(nodes)}`);
  const leader = options.leader ?? 0;
  if (!Number.isInteger(leader) || leader < 0 || leader >= nodes) throw new RangeError(`leader must be a node index, got ${leader}`);
  const replicationLagMs = options.replicationLagMs ?? 0;
  if (!(replicationLagMs >= 0)) throw new RangeError(`replicationLagMs must be >= 0, got ${replicationLagMs}`);
  const serverVersion = options.serverVersion ?? '24.10.0';
  const settings: EmulatorSettings = {
    host,
    batchAppend: options.batchAppend ?? true,
    serverVersion,
    sendsCaughtUp: versionAtLeast(serverVersion, [23, 10]),
    maxAppendSize: options.maxAppendSize ?? 1024 * 1024,
    ...fidelitySettings(options),
  };
  const log = new EventLog(options.clock ?? Date.now);
  if (options.systemEvents ?? true) seedSystemEvents(log);
  const stats = new EmulatorStats();
  let cluster: Cluster | undefined;
  // NOT_LEADER faults name the current leader.
  const faults = new Faults(() => cluster!.leaderEndpoint());
  cluster = new Cluster(
    { log, faults, settings, stats },
    { nodes, port: options.port ?? 0, leader, replicationLagMs, electionMs: options.electionMs ?? 500 },
  );
  try {
    await cluster.start();
  } catch (error) {
    cluster.stop();
    throw error;
  }
  return new EsdbEmulator(cluster, { log, faults, stats, settings });
}

/** Events a fresh node has written before any client connects (`$settings`, the admin user). */
function seedSystemEvents(log: EventLog): void {
  log.writeSystemEvent('$settings', '$settings', {
    $userStreamAcl: { $r: '$all', $w: '$all', $d: '$all', $mr: '$all', $mw: '$all' },
    $systemStreamAcl: { $r: '$admins', $w: '$admins', $d: '$admins', $mr: '$admins', $mw: '$admins' },
  });
  log.writeSystemEvent('$user-admin', '$UserCreated', {
    loginName: 'admin',
    fullName: 'Event Store Administrator',
    groups: ['$admins'],
  });
  log.writeSystemEvent('$users', '$User', 'admin');
}

function versionAtLeast(version: string, [major, minor]: readonly [number, number]): boolean {
  const [actualMajor = 0, actualMinor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return actualMajor > major || (actualMajor === major && actualMinor >= minor);
}
