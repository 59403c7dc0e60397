import { LedgerEsdbClient, describeHosts, redactConnectionString } from './esdb-client';

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
