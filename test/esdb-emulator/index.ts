/**
 * An in-process, wire-compatible EventStoreDB for tests: a gRPC server on an ephemeral
 * loopback port speaking the subset of EventStoreDB's v1 protocol that
 * `@eventstore/db-client@6.2.1` uses, so the real, unmodified client runs over real gRPC.
 *
 * Served: `ServerFeatures/GetSupportedMethods`, `Streams/{Append, BatchAppend, Read, Delete,
 * Tombstone}` (reads, `$all` reads with prefix filters, catch-up-then-live subscriptions with
 * checkpoints) and `Gossip/Read`. Not served: persistent subscriptions, projections, users,
 * operations, ACLs, stream metadata semantics (`$maxCount`, `$tb` set by hand...), link
 * resolution. See /work/shared/EVENTSTOREDB.md for the protocol facts it follows.
 *
 * @example
 * const emulator = await startEsdbEmulator();
 * const client = EventStoreDBClient.connectionString(emulator.connectionString);
 * // ...
 * await client.dispose();
 * await emulator.stop();
 */
import { randomUUID } from 'node:crypto';

import { Server, status as GrpcStatus } from '@grpc/grpc-js';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';

import { createAppendHandler } from './append';
import { createBatchAppendHandler } from './batch-append';
import type { EmulatorContext, EmulatorSettings } from './context';
import { createDeleteHandler, createTombstoneHandler } from './delete';
import { rpcError, unavailable } from './errors';
import { type EmulatedMethod, Faults, type FailNextCallOptions, type FaultKind } from './faults';
import { type FidelityOptions, fidelitySettings } from './faults';
import { serverCredentialsOf, transportQuery } from './auth';
import { createGossipHandler } from './gossip';
import { createReadHandler } from './read';
import { createServerFeaturesHandler } from './server-features';
import { EventLog } from './store';
import { SubscriptionRegistry } from './subscriptions';

export type { EmulatedMethod, FailNextCallOptions, FaultKind } from './faults';

export interface EsdbEmulatorOptions extends FidelityOptions {
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

/** How `dropAllSubscriptions` ends each subscription. */
export type DropKind =
  /** Status UNAVAILABLE: the client raises `UnavailableError` (and reconnects before its next call). */
  | 'UNAVAILABLE'
  /** Status ABORTED, as when the server gives up on a consumer: `TimeoutError` in the client. */
  | 'ABORTED'
  /** Status OK: the subscription just ends (`end` event, no error). */
  | 'END';

/** A running emulator. */
export class EsdbEmulator {
  /** `esdb://127.0.0.1:<port>?tls=false`. */
  readonly connectionString: string;

  constructor(
    private readonly server: Server,
    private readonly context: EmulatorContext,
    readonly host: string,
    readonly port: number,
  ) {
    this.connectionString = `esdb://${host}:${port}?${transportQuery(context.settings)}`;
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

  /** Ends every open subscription (default: with UNAVAILABLE); answers how many there were. */
  dropAllSubscriptions(kind: DropKind = 'UNAVAILABLE'): number {
    switch (kind) {
      case 'UNAVAILABLE':
        return this.context.subscriptions.dropAll(unavailable('Subscription dropped (injected fault)'));
      case 'ABORTED':
        return this.context.subscriptions.dropAll(rpcError(GrpcStatus.ABORTED, 'Operation timed out: subscription dropped (injected fault)'));
      case 'END':
        return this.context.subscriptions.dropAll(undefined);
    }
  }

  /** Delays every live subscription event by `ms` (0 turns it off); the catch-up is not delayed. */
  setLiveDelay(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`The live delay must be >= 0 ms, got ${ms}`);
    this.context.faults.liveDelayMs = ms;
  }

  /** Calls the emulator received, by RPC (for `BatchAppend`: appends), e.g. to see which append path the client took. */
  callCount(method: EmulatedMethod): number {
    return this.context.faults.callCount(method);
  }

  /** Subscriptions open right now. */
  get subscriptionCount(): number {
    return this.context.subscriptions.size;
  }

  /** Closes every call and the port. */
  async stop(): Promise<void> {
    this.context.subscriptions.closeAll();
    this.context.faults.clear();
    this.server.forceShutdown();
  }
}

/** Starts an emulator on an ephemeral port of 127.0.0.1. */
export async function startEsdbEmulator(options: EsdbEmulatorOptions = {}): Promise<EsdbEmulator> {
  const host = '127.0.0.1';
  const serverVersion = options.serverVersion ?? '24.10.0';
  const settings: EmulatorSettings = {
    host,
    batchAppend: options.batchAppend ?? true,
    serverVersion,
    sendsCaughtUp: versionAtLeast(serverVersion, [23, 10]),
    maxAppendSize: options.maxAppendSize ?? 1024 * 1024,
    ...fidelitySettings(options),
  };
  let port = 0;
  const log = new EventLog(options.clock ?? Date.now);
  const faults = new Faults(() => ({ host, port }));
  const context: EmulatorContext = {
    log,
    faults,
    subscriptions: new SubscriptionRegistry({ log, faults, settings }),
    settings,
    endpoint: () => ({ host, port }),
  };
  if (options.systemEvents ?? true) seedSystemEvents(log);

  // The client accepts messages up to 17 MiB and cuts appends into 3 MiB chunks by default.
  const server = new Server({ 'grpc.max_receive_message_length': 17 * 1024 * 1024 });
  server.addService(StreamsService, {
    read: createReadHandler(context),
    append: createAppendHandler(context),
    delete: createDeleteHandler(context),
    tombstone: createTombstoneHandler(context),
    batchAppend: createBatchAppendHandler(context),
  });
  server.addService(ServerFeaturesService, { getSupportedMethods: createServerFeaturesHandler(context) });
  server.addService(GossipService, { read: createGossipHandler(context, randomUUID()) });

  port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:0`, serverCredentialsOf(settings), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return new EsdbEmulator(server, context, host, port);
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
