import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { runTypeScript } from '@ledger/testing';

import { LedgerEsdbClient, describeHosts, redactConnectionString } from './esdb-client';

const ROOT = resolve(__dirname, '..', '..', '..');

describe('connection strings', () => {
  it('drops the credentials for messages', () => {
    expect(redactConnectionString('esdb://admin:s3cret@db1:2113,db2:2113?tls=false')).toBe('esdb://db1:2113,db2:2113?tls=false');
    expect(redactConnectionString('esdb+discover://u:p@cluster.local:2113')).toBe('esdb+discover://cluster.local:2113');
    expect(redactConnectionString('esdb://localhost:2113?tls=false')).toBe('esdb://localhost:2113?tls=false');
  });

  it('names the hosts only', () => {
    expect(describeHosts('esdb://admin:s3cret@db1:2113,db2:2113?tls=false')).toBe('db1:2113,db2:2113');
    expect(describeHosts('esdb://localhost:2113/?tls=false')).toBe('localhost:2113');
  });

  it('refuses a malformed string without repeating its password', () => {
    const build = () => LedgerEsdbClient.fromConnectionString('esdb://admin:s3cret@db1:notaport?tls=false');

    expect(build).toThrow(expect.objectContaining({ code: 'invalid_connection_string' }));
    expect(build).toThrow(expect.not.objectContaining({ message: expect.stringContaining('s3cret') }));
  });

  it('refuses throwOnAppendFailure=false: conflicts must be thrown', () => {
    expect(() => LedgerEsdbClient.fromConnectionString('esdb://localhost:2113?tls=false&throwOnAppendFailure=false')).toThrow(
      expect.objectContaining({ code: 'invalid_connection_string', message: expect.stringContaining('throwOnAppendFailure') }),
    );
  });

  it('refuses esdb+discover:// with several hosts, naming the gossip seeds to write instead', () => {
    const build = () => LedgerEsdbClient.fromConnectionString('esdb+discover://admin:s3cret@n1:2113,n2:2113,n3:2113?tls=false');

    expect(build).toThrow(
      expect.objectContaining({ code: 'invalid_connection_string', message: expect.stringContaining('esdb://n1:2113,n2:2113,n3:2113') }),
    );
    expect(build).toThrow(expect.not.objectContaining({ message: expect.stringContaining('s3cret') }));
  });

  it.each(['follower', 'random', 'readOnlyReplica'])('refuses nodePreference=%s: appends and reads need the leader', (preference) => {
    expect(() => LedgerEsdbClient.fromConnectionString(`esdb://a:2113,b:2113?tls=false&nodePreference=${preference}`)).toThrow(
      expect.objectContaining({ code: 'invalid_connection_string', message: expect.stringContaining('nodePreference') }),
    );
  });

  it('builds a client for one node, several nodes and DNS discovery', async () => {
    const clients = [
      'esdb://localhost:2113?tls=false',
      'esdb://a:2113,b:2113,c:2113?tls=false&nodePreference=leader',
      'esdb+discover://cluster.local:2113?tls=false',
    ].map((url) => LedgerEsdbClient.fromConnectionString(url));

    for (const client of clients) expect(client).toBeInstanceOf(LedgerEsdbClient);
    await Promise.all(clients.map(async (client) => {
      await client.dispose();
      await client.closeChannel();
    }));
  });
});

describe('a discovery that gives up', () => {
  /** A port nothing listens on: every gossip call is refused at once. */
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('is not rethrown by handleError, which the client calls without awaiting (it would end the process)', async () => {
    const port = await closedPort();
    const client = LedgerEsdbClient.fromConnectionString(
      `esdb://127.0.0.1:${port},127.0.0.1:${port}?tls=false&maxDiscoverAttempts=1&discoveryInterval=1`,
    );
    const internals = client as unknown as {
      getChannel(): Promise<unknown>;
      handleError(failed: { getChannel(): unknown }, error: Error): Promise<void>;
    };
    try {
      // A call is discovering the leader; another, on the previous channel, fails meanwhile.
      const discovering = internals.getChannel();
      const unavailable = Object.assign(new Error('14 UNAVAILABLE: connection refused'), { code: 14, details: 'connection refused' });
      const handled = internals.handleError({ getChannel: () => ({}) }, unavailable);

      await expect(discovering).rejects.toThrow('Failed to discover after 1 attempts.');
      await expect(handled).resolves.toBeUndefined();
    } finally {
      await client.dispose();
      await client.closeChannel();
    }
  });

  it('is not kept as what the server supports: the next question asks again (the client kept the rejection for good)', async () => {
    const port = await closedPort();
    const client = LedgerEsdbClient.fromConnectionString(`esdb://127.0.0.1:${port},127.0.0.1:${port}?tls=false&maxDiscoverAttempts=1&discoveryInterval=1`);
    const internals = client as unknown as {
      execute: (...args: unknown[]) => Promise<unknown>;
      supports(method: unknown): Promise<boolean>;
    };
    const execute = internals.execute;
    let fetches = 0;
    internals.execute = (...args: unknown[]) => {
      if (args[1] === 'getSupportedMethods') fetches++;
      return execute(...args);
    };
    try {
      await expect(internals.supports(StreamsService.read)).rejects.toThrow('Failed to discover');
      await expect(internals.supports(StreamsService.read)).rejects.toThrow('Failed to discover');
      expect(fetches).toBe(2);
    } finally {
      await client.dispose();
      await client.closeChannel();
    }
  });
});

describe('appends in flight across a reconnection', () => {
  it('each settle by their own answer, and a late failure of the previous connection does not end the process', async () => {
    // On the client's BatchAppend path the old call's failure rejected the append in flight on
    // the new connection (UnavailableError, from node 0), then node 1's answer to it found no
    // pending promise and threw out of the client's `data` handler: exit code 1.
    const { exitCode, output } = await runTypeScript(ROOT, [join(ROOT, 'test', 'event-store', 'fixtures', 'appends-across-reconnection.ts')], 20_000);

    expect({ exitCode, output }).toEqual({ exitCode: 0, output: 'held append rejected with DeadlineExceededError\nsurvived\n' });
  }, 30_000);
});
