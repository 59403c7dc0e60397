/**
 * The emulator as a 3-node cluster, proven with the real `@eventstore/db-client@6.2.1` over
 * real gRPC: followers that lag, `requires-leader`, NotLeader with the leader's address,
 * forwarded writes, gossip, leader changes, a killed leader and its election, and the
 * standalone process with its control API.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';

import {
  ErrorType,
  EventStoreDBClient,
  jsonEvent,
  NotLeaderError,
  type ResolvedEvent,
  START,
  StreamNotFoundError,
  UnavailableError,
} from '@eventstore/db-client';
import { GossipClient } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ClusterInfo, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { credentials } from '@grpc/grpc-js';

import { type EsdbEmulator, type EsdbEmulatorOptions, startEsdbEmulator } from './index';

/** Longest wait for something that should happen; the emulator answers in milliseconds. */
const WAIT_MS = 5_000;
const NOW = Date.parse('2026-01-02T03:04:05.678Z');
/** A lag no test waits out: followers see nothing new until a test lowers it. */
const FOREVER_MS = 3_600_000;
const ROOT = path.resolve(__dirname, '..', '..');

let emulators: EsdbEmulator[] = [];
let clients: EventStoreDBClient[] = [];

async function cluster(options: EsdbEmulatorOptions = {}): Promise<EsdbEmulator> {
  const emulator = await startEsdbEmulator({ nodes: 3, clock: () => NOW, ...options });
  emulators.push(emulator);
  return emulator;
}

function connect(connectionString: string): EventStoreDBClient {
  const client = EventStoreDBClient.connectionString(connectionString);
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const client of clients) await client.dispose();
  for (const emulator of emulators) await emulator.stop();
  clients = [];
  emulators = [];
});

const event = (type = 'TokenIssued') => jsonEvent({ id: randomUUID(), type, data: { n: 1 } });

async function readTypes(client: EventStoreDBClient, stream: string, requiresLeader = false): Promise<string[]> {
  const types: string[] = [];
  for await (const resolved of client.readStream(stream, { requiresLeader })) types.push(resolved.event!.type);
  return types;
}

/** Resolves once `condition` holds (polled), or rejects after WAIT_MS. */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${WAIT_MS} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function gossipOf(port: number): Promise<ClusterInfo> {
  const client = new GossipClient(`127.0.0.1:${port}`, credentials.createInsecure());
  return new Promise<ClusterInfo>((resolve, reject) =>
    client.read(new Empty(), (error, info) => {
      client.close();
      if (error) reject(error);
      else resolve(info);
    }),
  ).finally(() => client.close());
}

const STATE_NAMES = Object.fromEntries(Object.entries(MemberInfo.VNodeState).map(([name, value]) => [value, name]));

async function members(port: number): Promise<{ port: number; state: string; alive: boolean }[]> {
  const info = await gossipOf(port);
  return info
    .getMembersList()
    .map((member) => ({
      port: member.getHttpEndPoint()!.getPort(),
      state: STATE_NAMES[member.getState()],
      alive: member.getIsAlive(),
    }))
    .sort((a, b) => a.port - b.port);
}

describe('a 3-node cluster', () => {
  it('lists its nodes and names them as gossip seeds in its connection string', async () => {
    const emulator = await cluster();
    const ports = emulator.nodes.map((node) => node.port);
    expect(new Set(ports).size).toBe(3);
    expect(emulator.connectionString).toBe(`esdb://${ports.map((port) => `127.0.0.1:${port}`).join(',')}?tls=false`);
    expect(emulator.nodes.map((node) => node.state)).toEqual(['leader', 'follower', 'follower']);
    expect(emulator.leader).toBe(0);
  });

  it('answers Gossip/Read on every node with all three members, their states, liveness and endpoints', async () => {
    const emulator = await cluster();
    const sorted = [...emulator.nodes].sort((a, b) => a.port - b.port);
    const expected = sorted.map((node) => ({ port: node.port, state: node.state.toUpperCase(), alive: true }));
    for (const node of emulator.nodes) await expect(members(node.port)).resolves.toEqual(expected);
    const info = await gossipOf(emulator.nodes[1].port);
    for (const member of info.getMembersList()) {
      expect(member.getHttpEndPoint()!.getAddress()).toBe('127.0.0.1');
      expect(member.getInstanceId()).toBeDefined();
      expect(BigInt(member.getTimeStamp())).toBeGreaterThan(0n);
    }
  });

  it('connects a client through the gossip seeds to the leader', async () => {
    const emulator = await cluster();
    const client = connect(emulator.connectionString);
    await client.appendToStream('tokenFamily-seeds', [event()]);
    expect(await readTypes(client, 'tokenFamily-seeds', true)).toEqual(['TokenIssued']);
    expect(emulator.stats().forwardedWrites).toBe(0);
    expect(emulator.stats().notLeaderAnswers).toBe(0);
  });

  describe('a lagging follower', () => {
    it('serves a read without requires-leader from what it has replicated', async () => {
      const emulator = await cluster({ replicationLagMs: FOREVER_MS });
      const leader = connect(emulator.nodeConnectionString(0));
      const follower = connect(emulator.nodeConnectionString(1));
      await leader.appendToStream('tokenFamily-lag', [event()]);

      await expect(readTypes(follower, 'tokenFamily-lag')).rejects.toBeInstanceOf(StreamNotFoundError);
      expect(await readTypes(leader, 'tokenFamily-lag')).toEqual(['TokenIssued']);
      expect(emulator.stats().followerReads).toBeGreaterThanOrEqual(1);

      emulator.setReplicationLag(0);
      expect(await readTypes(follower, 'tokenFamily-lag')).toEqual(['TokenIssued']);
    });

    it('sees a commit replicationLagMs after the leader', async () => {
      const emulator = await cluster({ replicationLagMs: 200 });
      const leader = connect(emulator.nodeConnectionString(0));
      const follower = connect(emulator.nodeConnectionString(2));
      // Taken before the append: the commit is at or after it, so the follower sees it no sooner
      // than 200 ms after this, however slowly the reply travels.
      const before = Date.now();
      await leader.appendToStream('tokenFamily-later', [event()]);
      await until(async () => (await readTypes(follower, 'tokenFamily-later').catch(() => [])).length === 1, 'the follower to see the event');
      expect(Date.now() - before).toBeGreaterThanOrEqual(200);
    });

    it('answers NotLeader with the leader address when the read requires the leader; the client then follows it', async () => {
      const emulator = await cluster({ replicationLagMs: FOREVER_MS });
      const follower = connect(emulator.nodeConnectionString(1));
      await connect(emulator.nodeConnectionString(0)).appendToStream('tokenFamily-lead', [event()]);

      const refused = readTypes(follower, 'tokenFamily-lead', true);
      await expect(refused).rejects.toBeInstanceOf(NotLeaderError);
      await expect(refused).rejects.toMatchObject({ leader: { address: '127.0.0.1', port: emulator.nodes[0].port } });
      expect(emulator.stats().notLeaderAnswers).toBe(1);
      // The client reconnected to the leader named in the trailers: the same read now works.
      expect(await readTypes(follower, 'tokenFamily-lead', true)).toEqual(['TokenIssued']);
    });

    it('serves subscriptions from what it has, and delivers the rest as it replicates', async () => {
      const emulator = await cluster({ replicationLagMs: FOREVER_MS });
      const leader = connect(emulator.nodeConnectionString(0));
      const follower = connect(emulator.nodeConnectionString(1));
      await leader.appendToStream('tokenFamily-sub', [event('A')]);
      const received: string[] = [];
      let caughtUp = false;
      const subscription = follower
        .subscribeToStream('tokenFamily-sub', { fromRevision: START })
        .on('data', (resolved) => received.push(resolved.event!.type))
        .on('caughtUp', () => (caughtUp = true));
      await until(() => caughtUp, 'the follower subscription to catch up');
      expect(received).toEqual([]);
      emulator.setReplicationLag(0);
      await until(() => received.length === 1, 'the replicated event');
      await leader.appendToStream('tokenFamily-sub', [event('B')]);
      await until(() => received.length === 2, 'the live event');
      expect(received).toEqual(['A', 'B']);
      await subscription.unsubscribe();
    });
  });

  describe.each([
    ['BatchAppend', true],
    ['Append', false],
  ] as const)('writes to a follower through %s', (_path, batchAppend) => {
    it('are forwarded to the leader without requires-leader', async () => {
      const emulator = await cluster({ batchAppend });
      const follower = connect(emulator.nodeConnectionString(2));
      await expect(follower.appendToStream('tokenFamily-fwd', [event()])).resolves.toMatchObject({ success: true });
      expect(emulator.stats().forwardedWrites).toBe(1);
      expect(await readTypes(connect(emulator.nodeConnectionString(0)), 'tokenFamily-fwd')).toEqual(['TokenIssued']);
    });

    it('answer NotLeader with the leader address with requires-leader, and nothing is written', async () => {
      const emulator = await cluster({ batchAppend });
      const follower = connect(emulator.nodeConnectionString(2));
      const refused = follower.appendToStream('tokenFamily-nl', [event()], { requiresLeader: true });
      await expect(refused).rejects.toBeInstanceOf(NotLeaderError);
      await expect(refused).rejects.toMatchObject({ leader: { port: emulator.nodes[0].port } });
      await expect(readTypes(connect(emulator.nodeConnectionString(0)), 'tokenFamily-nl')).rejects.toBeInstanceOf(StreamNotFoundError);
      // Reconnected to the leader: the retry is written.
      await expect(follower.appendToStream('tokenFamily-nl', [event()], { requiresLeader: true })).resolves.toMatchObject({ success: true });
    });
  });

  it('changes its leader on setLeader: NotLeader then names the new one, gossip follows', async () => {
    const emulator = await cluster();
    const client = connect(emulator.connectionString);
    await client.appendToStream('tokenFamily-switch', [event()], { requiresLeader: true });

    emulator.setLeader(2);
    expect(emulator.nodes.map((node) => node.state)).toEqual(['follower', 'follower', 'leader']);
    const refused = client.appendToStream('tokenFamily-switch', [event()], { requiresLeader: true });
    await expect(refused).rejects.toMatchObject({ leader: { port: emulator.nodes[2].port } });
    await client.appendToStream('tokenFamily-switch', [event()], { requiresLeader: true });
    expect(await readTypes(client, 'tokenFamily-switch', true)).toHaveLength(2);
    const gossip = await members(emulator.nodes[0].port);
    expect(gossip.find((member) => member.port === emulator.nodes[2].port)).toMatchObject({ state: 'LEADER' });
    expect(gossip.filter((member) => member.state === 'LEADER')).toHaveLength(1);
  });

  describe('a killed node', () => {
    it('fails its open calls with UNAVAILABLE and refuses new connections', async () => {
      const emulator = await cluster();
      const follower = connect(emulator.nodeConnectionString(1));
      let error: unknown;
      follower.subscribeToAll({ fromPosition: START }).on('error', (failure: unknown) => (error = failure));
      await until(() => emulator.subscriptionCount === 1, 'the subscription to open');
      await emulator.killNode(1);
      await until(() => error !== undefined, 'the subscription to fail');
      expect(error).toBeInstanceOf(UnavailableError);
      expect(emulator.nodes[1].state).toBe('dead');
      await expect(readTypes(follower, 'tokenFamily-any')).rejects.toBeInstanceOf(UnavailableError);
    });

    it('stays in gossip as not alive; a killed leader is replaced after electionMs, with no leader in between', async () => {
      // Long enough for the checks made while there is no leader, even on a busy machine.
      const emulator = await cluster({ electionMs: 1_500 });
      const survivor = connect(emulator.nodeConnectionString(1));
      await emulator.killNode(0);

      expect(emulator.leader).toBeUndefined();
      const during = await members(emulator.nodes[1].port);
      expect(during.find((member) => member.port === emulator.nodes[0].port)).toMatchObject({ alive: false, state: 'LEADER' });
      expect(during.filter((member) => member.alive).map((member) => member.state)).toEqual(['UNKNOWN', 'UNKNOWN']);
      // No leader: writes are refused as not ready; BatchAppend says so in band with an empty
      // detail, which the client can only report as UnknownError (`Streams.BatchAppend.cs`).
      await expect(survivor.appendToStream('tokenFamily-elect', [event()], { requiresLeader: true })).rejects.toMatchObject({
        type: ErrorType.UNKNOWN,
        message: expect.stringContaining('Server Is Not Ready'),
      });
      await expect(readTypes(survivor, 'tokenFamily-elect')).rejects.toBeInstanceOf(StreamNotFoundError);

      await until(() => emulator.leader === 1, 'node 1 to be elected');
      const after = await members(emulator.nodes[2].port);
      expect(after.filter((member) => member.alive).map((member) => member.state).sort()).toEqual(['FOLLOWER', 'LEADER']);
      await survivor.appendToStream('tokenFamily-elect', [event()], { requiresLeader: true });
    });

    it('lets a client on the gossip seeds carry on after the leader dies', async () => {
      const emulator = await cluster({ electionMs: 100 });
      const client = connect(emulator.connectionString);
      await client.appendToStream('tokenFamily-failover', [event()], { requiresLeader: true });
      await emulator.killNode(0);
      // The client reconnects after an UNAVAILABLE and rediscovers through the live seeds.
      await until(
        () =>
          client.appendToStream('tokenFamily-failover', [event()], { requiresLeader: true }).then(
            () => true,
            () => false,
          ),
        'an append to the new leader',
      );
      expect(await readTypes(client, 'tokenFamily-failover', true)).toHaveLength(2);
    });

    it('elects no leader without a majority, and one once a node is back; a restarted node follows on its port', async () => {
      // Through Append, "not ready" is a status: UNAVAILABLE.
      const emulator = await cluster({ electionMs: 50, batchAppend: false });
      const port = emulator.nodes[0].port;
      await emulator.killNode(1);
      await emulator.killNode(0);
      const lone = connect(emulator.nodeConnectionString(2));
      await expect(lone.appendToStream('tokenFamily-quorum', [event()])).rejects.toBeInstanceOf(UnavailableError);
      expect(emulator.leader).toBeUndefined();

      await emulator.restartNode(0);
      expect(emulator.nodes[0]).toMatchObject({ port, state: expect.stringMatching(/follower|leader/) });
      await until(() => emulator.leader !== undefined, 'an election with quorum');
      const restarted = connect(emulator.nodeConnectionString(0));
      await restarted.appendToStream('tokenFamily-quorum', [event()]);
      expect(await readTypes(restarted, 'tokenFamily-quorum')).toEqual(['TokenIssued']);
    });
  });

  it('counts $all reads that start from the beginning, and the records read', async () => {
    const emulator = await cluster();
    const client = connect(emulator.connectionString);
    const start = emulator.stats();
    for await (const _ of client.readAll({ fromPosition: START, maxCount: 2 })) void _;
    const afterRead = emulator.stats();
    expect(afterRead.allReadsFromStart).toBe(start.allReadsFromStart + 1);
    expect(afterRead.allRecordsRead).toBe(start.allRecordsRead + 2);

    const { position } = await client.appendToStream('tokenFamily-stats', [event()]);
    const seen: string[] = [];
    const subscription = client.subscribeToAll({ fromPosition: position! }).on('data', (resolved: ResolvedEvent) => seen.push(resolved.event!.type));
    await client.appendToStream('tokenFamily-stats', [event('Later')]);
    await until(() => seen.length === 1, 'the live event');
    await subscription.unsubscribe();
    expect(emulator.stats().allReadsFromStart).toBe(afterRead.allReadsFromStart);
  });
});

describe('a single node', () => {
  it('is a leader alone, as before', async () => {
    const emulator = await startEsdbEmulator();
    emulators.push(emulator);
    expect(emulator.nodes).toEqual([{ index: 0, host: '127.0.0.1', port: emulator.port, state: 'leader' }]);
    expect(emulator.connectionString).toBe(`esdb://127.0.0.1:${emulator.port}?tls=false`);
    const client = connect(emulator.connectionString);
    await client.appendToStream('tokenFamily-one', [event()], { requiresLeader: true });
    expect(await readTypes(client, 'tokenFamily-one', true)).toEqual(['TokenIssued']);
  });
});

describe('the standalone process', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  async function post(url: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(url, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  it('prints its connection string and control URL, obeys the control API and stops on SIGTERM', async () => {
    child = spawn(
      process.execPath,
      ['-r', path.join(ROOT, 'test/support/register-ts.js'), path.join(ROOT, 'test/esdb-emulator/serve.ts'), '--nodes', '3', '--port', '0', '--control-port', '0', '--replication-lag-ms', '0'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const connectionString = String((await lines.next()).value);
    const control = String((await lines.next()).value).replace(/^control /, '');
    expect(connectionString).toMatch(/^esdb:\/\/127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+\?tls=false$/);
    expect(control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const client = connect(connectionString);
    await client.appendToStream('tokenFamily-standalone', [event()], { requiresLeader: true });
    const status = (await (await fetch(`${control}/status`)).json()) as {
      leader: number;
      nodes: { port: number; state: string }[];
      calls: Record<string, number>;
    };
    expect(status.leader).toBe(0);
    expect(status.nodes.map((node) => node.state)).toEqual(['leader', 'follower', 'follower']);
    expect(status.calls.BatchAppend).toBe(1);

    expect((await post(`${control}/leader/1`)).json).toMatchObject({ leader: 1 });
    await expect(client.appendToStream('tokenFamily-standalone', [event()], { requiresLeader: true })).rejects.toMatchObject({
      leader: { port: status.nodes[1].port },
    });
    expect((await post(`${control}/nodes/0/kill`)).json).toMatchObject({ nodes: [{ state: 'dead' }, {}, {}] });
    expect((await post(`${control}/nodes/0/restart`)).json).toMatchObject({ nodes: [{ state: 'follower' }, {}, {}] });
    expect((await post(`${control}/replication-lag/25`)).json).toMatchObject({ replicationLagMs: 25 });
    expect((await post(`${control}/faults`, { kind: 'UNAVAILABLE', method: 'Read' })).status).toBe(200);
    await expect(readTypes(client, 'tokenFamily-standalone', true)).rejects.toBeInstanceOf(UnavailableError);
    expect(await post(`${control}/nodes/7/kill`)).toMatchObject({ status: 400 });
    expect(await post(`${control}/faults`, { method: 'Read' })).toMatchObject({ status: 400 });

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    await expect(exited).resolves.toBe(0);
  });
});
