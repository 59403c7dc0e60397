/**
 * The control API of a standalone emulator (`serve.ts --control-port N`): plain HTTP with JSON
 * on 127.0.0.1 only, so that tests in other processes can change the leader, kill and restart
 * nodes, set the replication lag and inject faults.
 *
 * - `GET /status`: connection string, nodes, leader, replication lag, stats, call counts.
 * - `POST /leader/<i>`, `POST /nodes/<i>/kill`, `POST /nodes/<i>/restart`,
 *   `POST /replication-lag/<ms>`: answer the status after the change.
 * - `POST /faults` with `{ "kind": "UNAVAILABLE", "method": "Read", "times": 2 }`.
 *
 * Errors: 400 `{ "error": message }` for a bad argument, 404 for an unknown route.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { EmulatedMethod, EsdbEmulator, FaultKind } from './index';

const METHODS: readonly EmulatedMethod[] = ['Read', 'Append', 'BatchAppend', 'Delete', 'Tombstone', 'GetSupportedMethods'];

/** A running control server. */
export interface ControlServer {
  readonly url: string;
  close(): Promise<void>;
}

/** What `GET /status` answers. */
export function statusOf(emulator: EsdbEmulator): Record<string, unknown> {
  return {
    connectionString: emulator.connectionString,
    nodes: emulator.nodes,
    leader: emulator.leader ?? null,
    replicationLagMs: emulator.replicationLagMs,
    stats: emulator.stats(),
    calls: Object.fromEntries(METHODS.map((method) => [method, emulator.callCount(method)])),
    subscriptions: emulator.subscriptionCount,
  };
}

class BadRequest extends Error {}

/** Starts the control server on 127.0.0.1:`port` (0: an ephemeral port). */
export async function startControlServer(emulator: EsdbEmulator, port: number): Promise<ControlServer> {
  const server: Server = createServer((request, response) => {
    handle(emulator, request).then(
      ([code, body]) => reply(response, code, body),
      (error: unknown) =>
        reply(response, error instanceof BadRequest || error instanceof RangeError ? 400 : 500, {
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(emulator: EsdbEmulator, request: IncomingMessage): Promise<[number, unknown]> {
  const path = new URL(request.url ?? '/', 'http://control').pathname.replace(/\/+$/, '');
  const method = request.method ?? 'GET';
  if (method === 'GET' && path === '/status') return [200, statusOf(emulator)];
  if (method !== 'POST') return [404, { error: `No route ${method} ${path}` }];

  let match: RegExpMatchArray | null;
  if ((match = path.match(/^\/leader\/(\d+)$/))) {
    emulator.setLeader(nodeIndex(emulator, match[1]));
  } else if ((match = path.match(/^\/nodes\/(\d+)\/kill$/))) {
    await emulator.killNode(nodeIndex(emulator, match[1]));
  } else if ((match = path.match(/^\/nodes\/(\d+)\/restart$/))) {
    await emulator.restartNode(nodeIndex(emulator, match[1]));
  } else if ((match = path.match(/^\/replication-lag\/(\d+)$/))) {
    emulator.setReplicationLag(Number(match[1]));
  } else if (path === '/faults') {
    const body = await readJson(request);
    const kind = body.kind;
    if (typeof kind !== 'string') throw new BadRequest('faults need a "kind"');
    const faultMethod = body.method;
    if (faultMethod !== undefined && !METHODS.includes(faultMethod as EmulatedMethod)) {
      throw new BadRequest(`"method" must be one of ${METHODS.join(', ')}`);
    }
    const times = body.times;
    if (times !== undefined && typeof times !== 'number') throw new BadRequest('"times" must be a number');
    emulator.failNextCall(kind as FaultKind, { method: faultMethod as EmulatedMethod | undefined, times });
  } else {
    return [404, { error: `No route ${method} ${path}` }];
  }
  return [200, statusOf(emulator)];
}

function nodeIndex(emulator: EsdbEmulator, text: string): number {
  const index = Number(text);
  if (!emulator.nodes[index]) throw new BadRequest(`No node ${text}: nodes are 0..${emulator.nodes.length - 1}`);
  return index;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  try {
    const value: unknown = JSON.parse(text || '{}');
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new BadRequest('The body must be a JSON object');
}

function reply(response: ServerResponse, code: number, body: unknown): void {
  response.writeHead(code, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
