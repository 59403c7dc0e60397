import { createServer, type Server, type Socket } from 'node:net';

import { EsdbEventStore } from './esdb-event-store';

/** A TCP port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A server that accepts connections and never says a word (a hung node, a wrong port). */
async function silentServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('EsdbEventStore.connect', () => {
  it('fails at once when nothing listens, naming the host and never the password', async () => {
    const port = await closedPort();

    const connecting = EsdbEventStore.connect({
      connectionString: `esdb://admin:s3cret@127.0.0.1:${port}?tls=false`,
      connectTimeoutMs: 5000,
    });

    await expect(connecting).rejects.toMatchObject({
      code: 'event_store_unavailable',
      message: expect.stringContaining(`cannot reach EventStoreDB at 127.0.0.1:${port}`),
    });
    await expect(connecting).rejects.toMatchObject({ message: expect.not.stringContaining('s3cret') });
  });

  it('fails after the timeout when the server does not answer', async () => {
    const server = await silentServer();
    try {
      await expect(
        EsdbEventStore.connect({ connectionString: `esdb://127.0.0.1:${server.port}?tls=false`, connectTimeoutMs: 300 }),
      ).rejects.toMatchObject({
        code: 'event_store_unavailable',
        message: expect.stringContaining('within 300 ms'),
      });
    } finally {
      await server.stop();
    }
  });

  it('refuses an invalid connection string before connecting', async () => {
    await expect(EsdbEventStore.connect({ connectionString: 'esdb://:2113' })).rejects.toMatchObject({
      code: 'invalid_connection_string',
    });
  });
});

describe('EsdbEventStore after close', () => {
  it('refuses every operation as unavailable', async () => {
    const store = new EsdbEventStore({ connectionString: 'esdb://127.0.0.1:1?tls=false' });
    await store.close();
    await store.close();

    await expect(
      store.append('s-1', [{ id: '7d9f3c1e-2b4a-4c6d-8e0f-1a2b3c4d5e6f', type: 'T', data: {}, metadata: {} }], {
        expectedRevision: 'any',
      }),
    ).rejects.toMatchObject({ code: 'event_store_unavailable' });
    await expect(store.readStream('s-1')).rejects.toMatchObject({ code: 'event_store_unavailable' });
    await expect(store.readAll()).rejects.toMatchObject({ code: 'event_store_unavailable' });
    expect(() => store.subscribeToAll()).toThrow(expect.objectContaining({ code: 'event_store_unavailable' }));
  });
});
