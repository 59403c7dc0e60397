import * as net from 'node:net';
import { startLedger, type TestLedger } from '../support/ledger-harness';

/** Short limits so each case takes about a second; production defaults are in `LedgerConfig`. */
const HEADERS_TIMEOUT_MS = 500;
const REQUEST_TIMEOUT_MS = 1000;
const KEEP_ALIVE_TIMEOUT_MS = 1000;
/** Node keeps an idle keep-alive socket open 1 s longer than it announces (`Keep-Alive: timeout=`). */
const NODE_KEEP_ALIVE_BUFFER_MS = 1000;
/** Slack for the server's timeout check (at most 1/4 of the headers timeout) and a busy machine. */
const SLACK_MS = 2000;

interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * One raw TCP connection to the service, so a test controls every byte and when it is sent
 * (`fetch` would finish requests at once and hide the connection behind its pool).
 */
class RawConnection {
  private received = Buffer.alloc(0);
  private readonly openedAt = Date.now();
  private closedAt: number | undefined;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.notify();
    });
    // A refused or reset connection ends in 'close' too; the error itself is expected here.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closedAt = Date.now();
      this.notify();
    });
  }

  static open(baseUrl: string): Promise<RawConnection> {
    const { hostname, port } = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: hostname, port: Number(port) });
      socket.once('connect', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.closedAt !== undefined;
  }

  write(data: string): void {
    this.socket.write(data);
  }

  /** Milliseconds from opening until the server closed the connection; fails after `deadlineMs`. */
  async closedWithin(deadlineMs: number): Promise<number> {
    await this.until(() => this.closedAt !== undefined, deadlineMs, 'the server to close the connection');
    return (this.closedAt as number) - this.openedAt;
  }

  /** The next complete response (Content-Length framed), removed from what was received. */
  async response(deadlineMs = SLACK_MS): Promise<RawResponse> {
    let parsed: { response: RawResponse; length: number } | undefined;
    await this.until(() => (parsed = parseResponse(this.received)) !== undefined, deadlineMs, 'a complete response');
    const { response, length } = parsed as { response: RawResponse; length: number };
    this.received = this.received.subarray(length);
    return response;
  }

  receivedText(): string {
    return this.received.toString('latin1');
  }

  destroy(): void {
    this.socket.destroy();
  }

  private notify(): void {
    for (const waiter of this.waiters) waiter();
  }

  /** Resolves when `done()` holds, checked on every socket event; rejects at the deadline. */
  private until(done: () => boolean, deadlineMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`waited ${deadlineMs} ms for ${what}; received ${JSON.stringify(this.receivedText())}`));
      }, deadlineMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }
}

function parseResponse(buffer: Buffer): { response: RawResponse; length: number } | undefined {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const bodyLength = Number(headers['content-length'] ?? 0);
  if (buffer.length < end + 4 + bodyLength) return undefined;
  const body = buffer.subarray(end + 4, end + 4 + bodyLength).toString('utf8');
  return { response: { status: Number(statusLine.split(' ')[1]), headers, body }, length: end + 4 + bodyLength };
}

const LIVE = 'GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

/** Writes `byte` every `everyMs` until the connection closes (the slow client under test). */
function trickle(connection: RawConnection, byte: string, everyMs: number): () => void {
  const timer = setInterval(() => {
    if (!connection.isClosed) connection.write(byte);
  }, everyMs);
  return () => clearInterval(timer);
}

/** An OAuth error body (RFC 6749 §5.2): what every client of this service knows how to read. */
function expectOAuthError(response: RawResponse, status: number): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers['cache-control']).toBe('no-store');
  const body = JSON.parse(response.body) as Record<string, unknown>;
  expect(body).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
}

describe('slow and idle HTTP clients are cut off by the configured limits', () => {
  let ledger: TestLedger;
  const open: RawConnection[] = [];
  const connect = async (target = ledger): Promise<RawConnection> => {
    const connection = await RawConnection.open(target.baseUrl);
    open.push(connection);
    return connection;
  };

  beforeAll(async () => {
    ledger = await startLedger({
      env: {
        LEDGER_HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        LEDGER_HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        LEDGER_HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
      },
    });
  });

  afterEach(() => {
    for (const connection of open.splice(0)) connection.destroy();
  });

  afterAll(async () => {
    await ledger.close();
  });

  it('answers 408 with an OAuth error and closes a connection that sends nothing, within the headers timeout', async () => {
    const connection = await connect();

    // Node counts the headers deadline from the connection's start, as Go's ReadHeaderTimeout.
    const afterMs = await connection.closedWithin(HEADERS_TIMEOUT_MS + SLACK_MS);

    expect(afterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    expectOAuthError(await connection.response(0), 408);
  });

  it('answers 408 with an OAuth error and closes when the headers trickle in past the headers timeout', async () => {
    const connection = await connect();
    connection.write('GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const stop = trickle(connection, 'a', 100);

    try {
      await connection.closedWithin(HEADERS_TIMEOUT_MS + SLACK_MS);
    } finally {
      stop();
    }

    expectOAuthError(await connection.response(0), 408);
  });

  it('answers 408 with an OAuth error and closes when the body trickles in past the request timeout', async () => {
    const connection = await connect();
    connection.write(
      'POST /oauth2/default/v1/token HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 16000\r\n\r\n',
    );
    const stop = trickle(connection, 'a', 100);

    try {
      const afterMs = await connection.closedWithin(REQUEST_TIMEOUT_MS + SLACK_MS);
      expect(afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    } finally {
      stop();
    }

    expectOAuthError(await connection.response(0), 408);
  });

  it('serves a keep-alive client whose requests each finish in time, then closes it once idle', async () => {
    const connection = await connect();

    // Four requests spread over more than every timeout, on one connection, each gap longer
    // than the headers timeout and shorter than the keep-alive timeout: an idle keep-alive
    // connection is not a late request, and none of the limits may touch a well-behaved client.
    for (let i = 0; i < 4; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 700));
      connection.write(LIVE);
      const response = await connection.response();
      expect(response.status).toBe(200);
      expect(response.headers['keep-alive']).toBe(`timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`);
      expect(connection.isClosed).toBe(false);
    }

    const idleSince = Date.now();
    await connection.closedWithin(KEEP_ALIVE_TIMEOUT_MS + NODE_KEEP_ALIVE_BUFFER_MS + SLACK_MS);
    expect(Date.now() - idleSince).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS - 50);
  });

  describe('with a connection cap', () => {
    const CAP = 3;
    let capped: TestLedger;

    beforeAll(async () => {
      capped = await startLedger({ env: { LEDGER_HTTP_MAX_CONNECTIONS: String(CAP) } });
    });

    afterAll(async () => {
      await capped.close();
    });

    it('refuses the connection over the cap while the open ones keep working', async () => {
      const admitted: RawConnection[] = [];
      for (let i = 0; i < CAP; i++) {
        const connection = await connect(capped);
        // A response proves the server accepted (and counts) this connection.
        connection.write(LIVE);
        expect((await connection.response()).status).toBe(200);
        admitted.push(connection);
      }

      const extra = await connect(capped);
      await extra.closedWithin(SLACK_MS);
      expect(extra.receivedText()).toBe('');

      for (const connection of admitted) {
        connection.write(LIVE);
        expect((await connection.response()).status).toBe(200);
      }

    });
  });
});
