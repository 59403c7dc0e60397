import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';

import { Metadata, status as GrpcStatus, type Channel, type ClientReadableStream } from '@grpc/grpc-js';
import {
  EventStoreDBClient,
  type AllStreamResolvedEvent,
  type ChannelCredentialOptions,
  type Credentials,
  type DNSClusterOptions,
  type GossipClusterOptions,
  type Position,
  type SingleNodeOptions,
} from '@eventstore/db-client';
// Internals of the pinned 6.2.1 client (the package has no `exports` map, so these resolve).
// Kept to this file so a client upgrade touches one place.
import { parseConnectionString } from '@eventstore/db-client/dist/Client/parseConnectionString';
import { ServerFeatures } from '@eventstore/db-client/dist/Client/ServerFeatures';
import { ReadStream } from '@eventstore/db-client/dist/streams/utils/ReadStream';
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient, StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';

import { InvalidConnectionStringError } from './esdb-event-store.errors';

/** A server-side filter of `$all`: one kind, several prefixes (an event passes on any). */
export interface ServerFilter {
  readonly on: 'streamName' | 'eventType';
  readonly prefixes: readonly string[];
}

/** Arguments of {@link LedgerEsdbClient.readAllFiltered}. */
export interface FilteredReadAllOptions {
  readonly fromPosition: Position | 'start' | 'end';
  readonly direction: 'forwards' | 'backwards';
  readonly maxCount: number;
  readonly filter: ServerFilter;
  /** Send `requires-leader: true`: a follower then answers NotLeader instead of reading itself. */
  readonly requiresLeader?: boolean;
}

/** A `readAll` stream: the client's `ReadStream` (iterate it; `cancel()` to stop early). */
export type AllRead = Readable & AsyncIterable<AllStreamResolvedEvent> & { cancel(): Promise<void> };

/**
 * The project's EventStoreDB client: the stock 6.2.1 client plus the two things it lacks (and
 * workarounds for some of its bugs, in the constructor and `capabilities`).
 *
 * - `readAllFiltered`: the client's `readAll` always sends `no_filter` (dist/streams/readAll.js
 *   in 6.2.1), yet the server has served filtered reads of `$all` since 20.6 (`Streams.Read`
 *   dispatches `(All, Count, *, Filter)` to `ReadAllForwardsFiltered`/`ReadAllBackwardsFiltered`,
 *   EventStore src/EventStore.Core/Services/Transport/Grpc/Streams.Read.cs). Without it every
 *   paged read of the configuration streams would pull the whole log over the wire.
 * - `closeChannel`: `dispose()` cancels the client's calls but leaves its gRPC channel open
 *   (Client/index.ts `dispose`), which keeps sockets and timers alive after `close()`.
 *
 * Both use the client's protected `GRPCStreamCreator`, `callArguments` and `getChannel`, so
 * they share its channel, reconnection on UNAVAILABLE/not-leader (`handleError`) and error
 * conversion.
 */
export class LedgerEsdbClient extends EventStoreDBClient {
  /** Every channel the client opened (it opens a new one after each reconnection). */
  private readonly channels = new Set<Channel>();
  /** The channel the client opened last: the one its calls use, until it reconnects. */
  private currentChannel: Channel | undefined;
  /** What the server behind {@link currentChannel} supports; see {@link capabilities}. */
  private serverFeatures: { readonly features: Promise<ServerFeatures>; channel?: object } | undefined;

  constructor(
    settings: SingleNodeOptions | GossipClusterOptions | DNSClusterOptions,
    channelCredentials?: ChannelCredentialOptions,
    defaultUserCredentials?: Credentials,
  ) {
    // The base class overloads its constructor per kind of settings; each kind is valid.
    super(settings as SingleNodeOptions, channelCredentials, defaultUserCredentials);
    // `getChannel` is an instance property the client calls for every new gRPC client
    // (Client/index.ts `createGRPCClient`); wrapping it is how the channels become known
    // without asking for one, which would connect (and, with discovery, gossip) at close.
    const getChannel = this.getChannel;
    this.getChannel = async () => {
      const channel = await getChannel();
      this.channels.add(channel);
      this.currentChannel = channel;
      return channel;
    };
    // The client calls `handleError` without awaiting it, after a failed call (Client/index.js
    // `execute`, and the `finished` callback of `GRPCStreamCreator`), and it awaits the pending
    // channel, whose discovery fails after `maxDiscoverAttempts` gossip rounds while no node is
    // leader (Client/discovery.js `discoverEndpoint`, "Failed to discover after 10 attempts."):
    // that rejection would be an unhandled rejection, which ends the process. By then
    // `resolveUri` has already dropped the channel and the gRPC clients, so the next call
    // discovers again and there is nothing left to do here.
    const handleError = this.handleError;
    this.handleError = async (client, error) => {
      try {
        await handleError(client, error);
      } catch {
        // Discovery failed; the next call starts a new one.
      }
    };
    // Appends never take the BatchAppend path: `appendToStream` uses it whenever the server
    // supports it (streams/appendToStream/index.js), and then every append of every client in
    // the process shares one module-level map of pending promises (batchAppend.js
    // `promiseBank`). The `error` handler of any BatchAppend call rejects and clears the whole
    // map, appends in flight on other calls included: after a reconnection, the old call to a
    // node that went away fails late and wipes the appends sent on the new call, whose replies
    // then find no entry, and the `data` handler throws (`promiseBank.get(...)` is undefined)
    // outside any promise, which ends the process. The unary `Append` (append.js) gives each
    // append its own call and promise, settled once by its own answer or error; it costs an
    // HTTP/2 stream per append on the same connection.
    const supports = this.supports;
    this.supports = async (method, feature) =>
      method.path === StreamsService.batchAppend.path ? false : supports(method, feature);
  }

  /**
   * What the server supports (the client asks before some calls; for `BatchAppend` the
   * constructor answers no without asking), fetched once per connection, like the client's own
   * getter except that a failed fetch is not kept.
   *
   * The client caches the `execute` promise of its fetch (Client/index.js `get capabilities`)
   * and drops it only in `handleError`, i.e. when a call fails on the current channel. When the
   * fetch fails before any call is made, because the leader died and discovery gave up during
   * the election, `execute` rejects at `getGRPCClient`, before its `handleError`; the rejected
   * promise stays cached, and every later append fails at once with "Failed to discover after
   * 10 attempts." while reads, on the new channel, work: the store is unavailable for appends
   * for good. Here a failed fetch is forgotten, and so is one made on another channel than the
   * current one (the client reconnected: maybe to a server of another version).
   */
  protected override get capabilities(): Promise<ServerFeatures> {
    const cached = this.serverFeatures;
    // Pending (no channel yet), or fetched on the channel the client uses now.
    if (cached && (cached.channel === undefined || cached.channel === this.currentChannel)) return cached.features;
    const [Client, debugName, fetch] = ServerFeatures.createServerFeatures;
    const entry: { features: Promise<ServerFeatures>; channel?: object } = {
      features: this.execute(Client, debugName, async (client) => {
        const features = await fetch(client);
        entry.channel = client.getChannel();
        return features;
      }),
    };
    entry.features.catch(() => {
      if (this.serverFeatures === entry) this.serverFeatures = undefined;
    });
    this.serverFeatures = entry;
    return entry.features;
  }

  /**
   * Builds a client from an `esdb://` or `esdb+discover://` connection string, as
   * `EventStoreDBClient.connectionString` does, except:
   *
   * - `throwOnAppendFailure` is always `true`: the adapter relies on conflicts being thrown
   *   (and with `false` the client's BatchAppend path, which this client no longer takes,
   *   reported a wrong `nextExpectedRevision`: batchAppend.js passes
   *   `hasCurrentStreamRevision()`, a boolean, to `BigInt`).
   * - `esdb://a,b,c` (several hosts) are gossip seeds: the client asks each in turn for the
   *   cluster's members and connects to the one its node preference picks (Client/discovery.js
   *   `discoverEndpoint`, `endpoints`), so one node down does not stop it.
   * - `esdb+discover://` with several hosts is refused: client 6.2.1 keeps only the first host
   *   (Client/index.js `connectionString`, "More than one address provided for discovery.
   *   Using first"), so with that node down nothing connects though the cluster has quorum
   *   (kurrent-io/KurrentDB-Client-NodeJS#414). One DNS name that resolves to every node is fine.
   * - The node preference is the leader, and only the leader: appends and reads require it
   *   (`requires-leader`), so any other preference would first connect to a node that answers
   *   every call NotLeader.
   *
   * @throws InvalidConnectionStringError naming the problem, never the credentials
   */
  static fromConnectionString(connectionString: string): LedgerEsdbClient {
    let options: ReturnType<typeof parseConnectionString>;
    try {
      options = parseConnectionString(connectionString);
    } catch (error) {
      // The client's ParseError message quotes the whole string, password included.
      const expected = (error as { expected?: unknown }).expected;
      throw new InvalidConnectionStringError(
        `${redactConnectionString(connectionString)} is not a valid connection string${
          typeof expected === 'string' ? ` (expected ${expected})` : ''
        }`,
      );
    }
    if (options.throwOnAppendFailure === false) {
      throw new InvalidConnectionStringError(
        'throwOnAppendFailure=false is not supported: conflicts must be reported as errors',
      );
    }
    if (options.hosts.length === 0 || options.hosts.some((host) => !host.address)) {
      throw new InvalidConnectionStringError(`${redactConnectionString(connectionString)} names no host`);
    }
    if (options.dnsDiscover && options.hosts.length > 1) {
      const seeds = options.hosts.map((host) => `${host.address}:${host.port}`).join(',');
      throw new InvalidConnectionStringError(
        `esdb+discover:// with several hosts is not supported: the EventStoreDB client asks only the first ` +
          `for the cluster's members, so the service could not connect with that node down. ` +
          `List the nodes as gossip seeds instead: esdb://${seeds}`,
      );
    }
    if (options.nodePreference !== undefined && options.nodePreference !== 'leader') {
      throw new InvalidConnectionStringError(
        `nodePreference=${options.nodePreference} is not supported: appends and reads require the leader, so connect to it (nodePreference=leader)`,
      );
    }

    const credentials: ChannelCredentialOptions = { insecure: options.tls === false };
    if (!credentials.insecure && options.tlsCAFile) {
      credentials.rootCertificate = readFileSync(resolve(options.tlsCAFile));
    }
    if (options.userCertFile || options.userKeyFile) {
      if (!options.userCertFile || !options.userKeyFile) {
        throw new InvalidConnectionStringError('userCertFile and userKeyFile go together');
      }
      credentials.userCertFile = readFileSync(resolve(options.userCertFile));
      credentials.userKeyFile = readFileSync(resolve(options.userKeyFile));
    }
    const common = definedOnly({
      throwOnAppendFailure: true,
      keepAliveInterval: options.keepAliveInterval,
      keepAliveTimeout: options.keepAliveTimeout,
      defaultDeadline: options.defaultDeadline,
      connectionName: options.connectionName,
    });
    const discovery = definedOnly({
      nodePreference: 'leader' as const,
      discoveryInterval: options.discoveryInterval,
      gossipTimeout: options.gossipTimeout,
      maxDiscoverAttempts: options.maxDiscoverAttempts,
    });
    if (options.dnsDiscover) {
      return new LedgerEsdbClient(
        { discover: options.hosts[0], ...discovery, ...common },
        credentials,
        options.defaultCredentials,
      );
    }
    if (options.hosts.length > 1) {
      return new LedgerEsdbClient(
        { endpoints: options.hosts, ...discovery, ...common },
        credentials,
        options.defaultCredentials,
      );
    }
    return new LedgerEsdbClient({ endpoint: options.hosts[0], ...common }, credentials, options.defaultCredentials);
  }

  /**
   * Reads `$all` with a server-side prefix filter: the same `Read` call as `readAll`, with
   * `filter` set instead of `no_filter`. `maxCount` counts matching events; the server scans
   * as far as it needs (`count` window).
   */
  readAllFiltered({ fromPosition, direction, maxCount, filter, requiresLeader }: FilteredReadAllOptions): AllRead {
    const all = new ReadReq.Options.AllOptions();
    if (fromPosition === 'start') all.setStart(new Empty());
    else if (fromPosition === 'end') all.setEnd(new Empty());
    else {
      const position = new ReadReq.Options.Position();
      position.setCommitPosition(fromPosition.commit.toString(10));
      position.setPreparePosition(fromPosition.prepare.toString(10));
      all.setPosition(position);
    }
    const expression = new ReadReq.Options.FilterOptions.Expression();
    expression.setPrefixList([...filter.prefixes]);
    const filterOptions = new ReadReq.Options.FilterOptions();
    if (filter.on === 'streamName') filterOptions.setStreamIdentifier(expression);
    else filterOptions.setEventType(expression);
    filterOptions.setCount(new Empty());
    // Only subscriptions send checkpoints; 1 is the client's own default for filters.
    filterOptions.setCheckpointintervalmultiplier(1);

    const uuid = new ReadReq.Options.UUIDOption();
    uuid.setString(new Empty());
    const options = new ReadReq.Options();
    options.setAll(all);
    options.setResolveLinks(false);
    options.setCount(String(maxCount));
    options.setUuidOption(uuid);
    options.setFilter(filterOptions);
    options.setReadDirection(
      direction === 'forwards' ? ReadReq.Options.ReadDirection.FORWARDS : ReadReq.Options.ReadDirection.BACKWARDS,
    );
    const request = new ReadReq();
    request.setOptions(options);

    // Reads have no deadline in the client either (readAll.js passes `deadline: Infinity`):
    // a long read is not a failure. The adapter bounds each wait for the server instead.
    const createStream = this.GRPCStreamCreator(
      StreamsClient,
      'readAll',
      (client: StreamsClient): ClientReadableStream<ReadResp> =>
        client.read(request, ...this.callArguments({ requiresLeader }, { deadline: Infinity })),
    );
    return new ReadStream<AllStreamResolvedEvent>(
      createStream,
      convertGrpcEvent as never,
      {},
    ) as unknown as AllRead;
  }

  /**
   * Drops the current connection, as the client itself does after UNAVAILABLE: its
   * `handleError` closes the channel, and the next call connects again (rediscovering the
   * leader from the gossip seeds on a cluster). For calls that got no answer in time: the
   * client does not reconnect when the adapter cancels a stalled call (a client cancellation
   * is not a reason to, `shouldReconnect`), so without this the next attempt would wait on the
   * same half-open connection until gRPC keep-alive gives up on it (`keepAliveInterval` +
   * `keepAliveTimeout`, 20 s by default). Does nothing before the first connection, or when the
   * client has reconnected since.
   */
  async reconnect(reason: string): Promise<void> {
    const channel = this.currentChannel;
    if (!channel) return;
    // What `handleError` reads: the failed call's gRPC client (only for its channel) and an
    // error the client converts to UnavailableError (utils/CommandError.ts).
    const error = Object.assign(new Error(`${GrpcStatus.UNAVAILABLE} UNAVAILABLE: ${reason}`), {
      code: GrpcStatus.UNAVAILABLE,
      details: reason,
      metadata: new Metadata(),
    });
    const failedCall = { getChannel: () => channel } as unknown as Parameters<EventStoreDBClient['handleError']>[0];
    await this.handleError(failedCall, error);
  }

  /** Closes the gRPC channels, after `dispose()` has cancelled the calls on them. */
  async closeChannel(): Promise<void> {
    for (const channel of this.channels) channel.close();
    this.channels.clear();
    this.currentChannel = undefined;
    this.serverFeatures = undefined;
  }
}

/**
 * The connection string without its user info (`esdb://user:pass@host` → `esdb://host`), for
 * messages and logs.
 */
export function redactConnectionString(connectionString: string): string {
  return connectionString.trim().replace(/^([a-z+]+:\/\/)[^@/?]*@/i, '$1');
}

/** `host:port` of every node a connection string names, for messages (`a:2113, b:2113`). */
export function describeHosts(connectionString: string): string {
  const withoutScheme = redactConnectionString(connectionString).replace(/^[a-z+]+:\/\//i, '');
  return withoutScheme.split(/[/?]/, 1)[0] ?? '';
}

function definedOnly<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
