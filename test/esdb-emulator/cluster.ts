/**
 * The emulator as a cluster: one shared log, and per node a gRPC server on its own port with a
 * role (leader or follower), its own view of the log and its own subscriptions.
 *
 * What is modelled, and from where (EventStore v24.10):
 * - **Roles** (`src/EventStore.Core/Services/VNode/ClusterVNodeController.cs`): a follower serves
 *   reads and subscriptions from what it has replicated unless the call carries
 *   `requires-leader: true` (`ServiceBase.GetRequiresLeader`, read in `Streams.Read.cs`,
 *   `Streams.Append.cs`, `Streams.BatchAppend.cs`, `Streams.Delete.cs`); then it answers
 *   NotLeader with the leader's endpoint (`DenyRequestBecauseNotLeader`), turned into status
 *   NOT_FOUND with `exception: not-leader` and `leader-endpoint-host`/`-port` trailers
 *   (`RpcExceptions.LeaderInfo`). A follower forwards writes without the header
 *   (`HandleAsNonLeader(WriteEvents)` → `ForwardRequest`). While there is no leader (an
 *   election), reads without the header are still served, and writes, or reads with it, are
 *   refused as not ready (`DenyRequestBecauseNotReady`: UNAVAILABLE "Server Is Not Ready"; on
 *   `BatchAppend` an in-band status, `Streams.BatchAppend.cs` `ConvertMessage`).
 * - **Replication lag**: a follower sees each commit `replicationLagMs` after the leader
 *   (followers acknowledge a write once it is on disk, and index it a little later).
 * - **Elections**: a dead leader is replaced by the lowest-numbered live node after
 *   `electionMs`, only while a majority of the nodes is alive (quorum); in between, the live
 *   nodes gossip the state `Unknown`, which the client does not connect to.
 * - **Death**: a killed node fails its open calls with UNAVAILABLE and stops listening, so that
 *   new connections are refused; a restarted node listens on the same port as a follower.
 */
import { randomUUID } from 'node:crypto';

import {
  type Metadata,
  type sendUnaryData,
  Server,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
} from '@grpc/grpc-js';
import { serverCredentialsOf } from './auth';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';

import { createAppendHandler } from './append';
import { createBatchAppendHandler } from './batch-append';
import type { EmulatorContext, EmulatorSettings, LogReader, NodeGate } from './context';
import { createDeleteHandler, createTombstoneHandler } from './delete';
import { notLeader, type RpcError, unavailable } from './errors';
import type { Faults } from './faults';
import { createGossipHandler, type GossipMember } from './gossip';
import { Any, GoogleEmpty, status } from './protocol';
import { createReadHandler } from './read';
import { createServerFeaturesHandler } from './server-features';
import type { EmulatorStats } from './stats';
import type { EventLog, StoredEvent, StreamView } from './store';
import { SubscriptionRegistry } from './subscriptions';

/** A node's role; `dead` once killed (until restarted). */
export type NodeState = 'leader' | 'follower' | 'dead';

/** A node as `emulator.nodes` lists it. */
export interface NodeInfo {
  readonly index: number;
  readonly host: string;
  readonly port: number;
  readonly state: NodeState;
}

export interface ClusterOptions {
  readonly nodes: number;
  /** First node's port (the others follow it); 0 for ephemeral ports. */
  readonly port: number;
  readonly leader: number;
  readonly replicationLagMs: number;
  readonly electionMs: number;
}

interface Shared {
  readonly log: EventLog;
  readonly faults: Faults;
  readonly settings: EmulatorSettings;
  readonly stats: EmulatorStats;
}

/**
 * When each commit reached the followers: a follower's view is the prefix of the log committed
 * at least `lagMs` ago. One horizon for every follower (they replicate in lockstep here).
 */
export class Replication {
  private lag: number;
  /** `length` records were in the log at `at` (ms); the first entry is what existed at start. */
  private readonly stamps: { readonly length: number; readonly at: number }[];
  private readonly waiters = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private readonly stopped = new AbortController();

  constructor(
    private readonly log: EventLog,
    lagMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lag = lagMs;
    this.stamps = [{ length: log.all.length, at: Number.NEGATIVE_INFINITY }];
    void this.watch();
  }

  get lagMs(): number {
    return this.lag;
  }

  setLag(ms: number): void {
    this.lag = ms;
    this.clearTimer();
    this.wakeAll();
    this.schedule();
  }

  /** Records a follower has: those committed at least `lagMs` ago. */
  visibleLength(): number {
    if (this.lag === 0) return this.log.all.length;
    const cutoff = this.now() - this.lag;
    let low = 1;
    let high = this.stamps.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.stamps[middle].at <= cutoff) low = middle + 1;
      else high = middle;
    }
    return this.stamps[low - 1].length;
  }

  /** Resolves when the followers' horizon may have moved. */
  waitForChange(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const onAbort = () => {
        this.waiters.delete(wake);
        reject(signal.reason);
      };
      const wake = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiters.add(wake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  stop(): void {
    this.stopped.abort();
    this.clearTimer();
  }

  private async watch(): Promise<void> {
    try {
      for (;;) {
        await this.log.waitForWrite(this.stopped.signal);
        this.stamps.push({ length: this.log.all.length, at: this.now() });
        if (this.lag === 0) this.wakeAll();
        else this.schedule();
      }
    } catch {
      // stopped
    }
  }

  /** Wakes the waiters when the next commit not yet visible becomes visible. */
  private schedule(): void {
    if (this.timer || this.lag === 0 || this.stopped.signal.aborted) return;
    const visible = this.visibleLength();
    const next = this.stamps.find((stamp) => stamp.length > visible);
    if (!next) return;
    const delay = Math.max(0, next.at + this.lag - this.now()) + 1;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.wakeAll();
      this.schedule();
    }, delay);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private wakeAll(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}

/** The log as one node sees it: everything on the leader, the replicated prefix on a follower. */
class NodeReader implements LogReader {
  constructor(
    private readonly log: EventLog,
    private readonly replication: Replication | undefined,
    private readonly isLeader: () => boolean,
  ) {}

  get all(): readonly StoredEvent[] {
    return this.log.all;
  }

  allLength(): number {
    return this.lagging() ? this.replication!.visibleLength() : this.log.all.length;
  }

  viewStream(streamName: string): StreamView {
    const view = this.log.viewStream(streamName);
    const horizon = this.horizon();
    if (horizon === undefined || view.status !== 'ok') return view;
    const events = view.events.slice(0, countBefore(view.events, horizon));
    return events.length === 0 ? { status: 'not-found' } : { status: 'ok', events };
  }

  streamState(streamName: string): ReturnType<LogReader['streamState']> {
    const state = this.log.streamState(streamName);
    const horizon = this.horizon();
    if (!state || horizon === undefined) return state;
    return {
      events: state.events.slice(0, countBefore(state.events, horizon)),
      truncateBefore: state.truncateBefore,
      tombstoned: state.tombstoned,
    };
  }

  waitForWrite(signal: AbortSignal): Promise<void> {
    return this.lagging() ? this.replication!.waitForChange(signal) : this.log.waitForWrite(signal);
  }

  private lagging(): boolean {
    return this.replication !== undefined && !this.isLeader();
  }

  /** Position of the first record this node does not have yet, if there is one. */
  private horizon(): bigint | undefined {
    if (!this.lagging()) return undefined;
    const visible = this.replication!.visibleLength();
    return visible < this.log.all.length ? this.log.all[visible].position : undefined;
  }
}

/** Events (in position order) before `position`. */
function countBefore(events: readonly StoredEvent[], position: bigint): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (events[middle].position < position) low = middle + 1;
    else high = middle;
  }
  return low;
}

function requiresLeader(metadata: Metadata): boolean {
  // `bool.TryParse`: case-insensitive "true"; anything else is false.
  const [value] = metadata.get('requires-leader');
  return value !== undefined && String(value).trim().toLowerCase() === 'true';
}

/** `BatchAppend`'s answer while the node is not ready: a status with an empty detail. */
function notReadyInBand(): status.Status {
  const any = new Any();
  any.pack(new GoogleEmpty().serializeBinary(), 'google.protobuf.Empty');
  return new status.Status().setMessage('Server Is Not Ready').setDetails(any);
}

/** An open call of a node, which a kill fails. */
interface OpenCall {
  fail(error: RpcError): void;
}

class ClusterNode implements NodeGate {
  state: NodeState = 'follower';
  /** What gossip reports for a dead node: its state when it died. */
  lastLiveState: 'leader' | 'follower' = 'follower';
  port = 0;
  updatedAt = Date.now();
  readonly instanceId = randomUUID();
  readonly subscriptions: SubscriptionRegistry;
  readonly context: EmulatorContext;
  private server: Server | undefined;
  private readonly calls = new Set<OpenCall>();
  private stopping: Promise<void> | undefined;

  constructor(
    readonly index: number,
    private readonly cluster: Cluster,
    private readonly shared: Shared,
    replication: Replication | undefined,
  ) {
    const reader = new NodeReader(shared.log, replication, () => this.state === 'leader');
    this.subscriptions = new SubscriptionRegistry({ log: reader, faults: shared.faults, settings: shared.settings, stats: shared.stats });
    this.context = {
      log: shared.log,
      reader,
      gate: this,
      faults: shared.faults,
      subscriptions: this.subscriptions,
      settings: shared.settings,
      stats: shared.stats,
      endpoint: () => ({ host: shared.settings.host, port: this.port }),
    };
  }

  get host(): string {
    return this.shared.settings.host;
  }

  setState(state: NodeState): void {
    if (this.state === state) return;
    this.state = state;
    this.updatedAt = Date.now();
  }

  refuseRead(metadata: Metadata): RpcError | undefined {
    if (this.state === 'leader') return undefined;
    if (!requiresLeader(metadata)) {
      this.shared.stats.followerReads += 1;
      return undefined;
    }
    const leader = this.cluster.leaderNode();
    if (!leader) {
      this.shared.stats.notReadyAnswers += 1;
      return unavailable('Server Is Not Ready');
    }
    this.shared.stats.notLeaderAnswers += 1;
    return notLeader(leader.host, leader.port);
  }

  refuseWrite(metadata: Metadata): { readonly error: RpcError; readonly inBand?: status.Status } | undefined {
    if (this.state === 'leader') return undefined;
    const leader = this.cluster.leaderNode();
    if (!leader) {
      this.shared.stats.notReadyAnswers += 1;
      return { error: unavailable('Server Is Not Ready'), inBand: notReadyInBand() };
    }
    if (requiresLeader(metadata)) {
      this.shared.stats.notLeaderAnswers += 1;
      return { error: notLeader(leader.host, leader.port) };
    }
    this.shared.stats.forwardedWrites += 1;
    return undefined;
  }

  /** Listens on `port` (0: an ephemeral one, the first time). */
  async listen(port: number): Promise<void> {
    if (this.stopping) await this.stopping;
    const context = this.context;
    const server = new Server({ 'grpc.max_receive_message_length': 17 * 1024 * 1024 });
    server.addService(StreamsService, {
      read: this.stream(createReadHandler(context)),
      append: this.unary(createAppendHandler(context)),
      delete: this.unary(createDeleteHandler(context)),
      tombstone: this.unary(createTombstoneHandler(context)),
      batchAppend: this.stream(createBatchAppendHandler(context)),
    });
    server.addService(ServerFeaturesService, { getSupportedMethods: this.unary(createServerFeaturesHandler(context)) });
    server.addService(GossipService, { read: this.unary(createGossipHandler(() => this.cluster.gossip())) });
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${this.host}:${port}`, serverCredentialsOf(this.shared.settings), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    this.server = server;
  }

  /**
   * Fails every open call with UNAVAILABLE (what a client sees when a node goes away) and
   * stops listening. Resolves once the port is free.
   */
  kill(reason: string): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const error = unavailable(reason);
    this.subscriptions.dropAll(error);
    for (const call of [...this.calls]) call.fail(error);
    this.calls.clear();
    if (!server) return this.stopping ?? Promise.resolve();
    this.stopping = new Promise<void>((resolve) => {
      // Refuse new connections at once; give the failed calls' statuses a moment to leave.
      server.tryShutdown(() => undefined);
      setTimeout(() => {
        server.forceShutdown();
        this.stopping = undefined;
        resolve();
      }, 25);
    });
    return this.stopping;
  }

  /** Stops without answering anything (the emulator is stopping). */
  close(): void {
    this.subscriptions.closeAll();
    this.calls.clear();
    this.server?.forceShutdown();
    this.server = undefined;
  }

  /** Unary and client-streaming calls: a kill answers them with its error. */
  private unary<Handler extends (call: never, callback: never) => void>(handler: Handler): Handler {
    const wrapped = (call: UnaryLike, callback: sendUnaryData<unknown>): void => {
      if (this.state === 'dead') return callback(unavailable('Node is down'));
      let done = false;
      const open: OpenCall = { fail: (error) => answer(error) };
      const answer: sendUnaryData<unknown> = (error, value) => {
        if (done) return;
        done = true;
        this.calls.delete(open);
        callback(error, value);
      };
      this.calls.add(open);
      call.once('cancelled', () => {
        done = true;
        this.calls.delete(open);
      });
      (handler as unknown as (call: UnaryLike, callback: sendUnaryData<unknown>) => void)(call, answer);
    };
    return wrapped as unknown as Handler;
  }

  /** Server-streaming and bidirectional calls: a kill ends them with its error. */
  private stream<Handler extends (call: never) => void>(handler: Handler): Handler {
    const wrapped = (call: StreamLike): void => {
      if (this.state === 'dead') return void call.emit('error', unavailable('Node is down'));
      const open: OpenCall = {
        fail: (error) => {
          this.calls.delete(open);
          if (call.writableEnded || call.destroyed) return;
          call.emit('error', error);
        },
      };
      const forget = () => this.calls.delete(open);
      this.calls.add(open);
      call.once('finish', forget);
      call.once('cancelled', forget);
      call.once('error', forget);
      (handler as unknown as (call: StreamLike) => void)(call);
    };
    return wrapped as unknown as Handler;
  }
}

type UnaryLike = ServerUnaryCall<unknown, unknown> | ServerReadableStream<unknown, unknown>;
type StreamLike = ServerWritableStream<unknown, unknown> | ServerDuplexStream<unknown, unknown>;

/** The nodes, who leads, elections. */
export class Cluster {
  readonly nodes: readonly ClusterNode[];
  readonly replication: Replication | undefined;
  private electionTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly shared: Shared,
    private readonly options: ClusterOptions,
  ) {
    this.replication = options.nodes > 1 ? new Replication(shared.log, options.replicationLagMs) : undefined;
    this.nodes = Array.from({ length: options.nodes }, (_, index) => new ClusterNode(index, this, shared, this.replication));
    this.nodes[options.leader].setState('leader');
  }

  async start(): Promise<void> {
    for (const node of this.nodes) {
      await node.listen(this.options.port === 0 ? 0 : this.options.port + node.index);
    }
  }

  leaderNode(): ClusterNode | undefined {
    return this.nodes.find((node) => node.state === 'leader');
  }

  /** Where NotLeader points: the leader, or (during an election) the first node. */
  leaderEndpoint(): { host: string; port: number } {
    const node = this.leaderNode() ?? this.nodes[0];
    return { host: node.host, port: node.port };
  }

  info(): NodeInfo[] {
    return this.nodes.map((node) => ({ index: node.index, host: node.host, port: node.port, state: node.state }));
  }

  gossip(): GossipMember[] {
    const electing = this.leaderNode() === undefined;
    return this.nodes.map((node) => ({
      instanceId: node.instanceId,
      host: node.host,
      port: node.port,
      // A dead member keeps its last known state, with `is_alive: false`.
      state: node.state === 'dead' ? node.lastLiveState : electing ? 'unknown' : node.state,
      alive: node.state !== 'dead',
      updatedAt: node.updatedAt,
    }));
  }

  setLeader(index: number): void {
    const node = this.node(index);
    if (node.state === 'dead') throw new Error(`Node ${index} is dead; restart it before making it the leader`);
    this.cancelElection();
    const changed = node.state !== 'leader';
    for (const other of this.nodes) if (other.state === 'leader') other.setState('follower');
    node.setState('leader');
    // The recent-appends cache that de-duplicates `any`/`stream_exists` retries is the old
    // leader's memory: a new leader starts without it (see EventLog.forgetRecentAppends).
    if (changed) this.shared.log.forgetRecentAppends();
  }

  async killNode(index: number): Promise<void> {
    const node = this.node(index);
    if (node.state === 'dead') return;
    const wasLeader = node.state === 'leader';
    node.lastLiveState = wasLeader ? 'leader' : 'follower';
    node.setState('dead');
    const stopped = node.kill(`Node ${index} is down (killed)`);
    if (wasLeader) this.scheduleElection();
    await stopped;
  }

  async restartNode(index: number): Promise<void> {
    const node = this.node(index);
    if (node.state !== 'dead') return;
    await node.listen(node.port);
    node.setState('follower');
    if (!this.leaderNode()) this.scheduleElection();
  }

  stop(): void {
    this.cancelElection();
    this.replication?.stop();
    for (const node of this.nodes) node.close();
  }

  private node(index: number): ClusterNode {
    const node = this.nodes[index];
    if (!Number.isInteger(index) || !node) throw new RangeError(`No node ${index}: the cluster has nodes 0..${this.nodes.length - 1}`);
    return node;
  }

  private scheduleElection(): void {
    if (this.electionTimer) return;
    this.electionTimer = setTimeout(() => {
      this.electionTimer = undefined;
      this.elect();
    }, this.options.electionMs);
    this.electionTimer.unref();
  }

  private cancelElection(): void {
    if (this.electionTimer) clearTimeout(this.electionTimer);
    this.electionTimer = undefined;
  }

  /** A majority of the nodes must be alive to elect a leader; otherwise wait for a restart. */
  private elect(): void {
    if (this.leaderNode()) return;
    const live = this.nodes.filter((node) => node.state !== 'dead');
    if (live.length * 2 <= this.nodes.length) return;
    live[0].setState('leader');
    this.shared.log.forgetRecentAppends();
  }
}
