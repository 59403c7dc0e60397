import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';

import { comparePositions, type RecordedEvent } from '@ledger/event-sourcing';
import { SqliteEventStore } from '@ledger/event-store-sqlite';

import type { AckLine } from './fixtures/append-until-killed';

const ROOT = resolve(__dirname, '..', '..');
const REGISTER = join(ROOT, 'test', 'support', 'register-ts.js');
const FIXTURE = join(__dirname, 'fixtures', 'append-until-killed.ts');
/** Acknowledged appends to wait for before pulling the plug, per round. */
const ACKS_PER_ROUND = 1500;
const ROUND_TIMEOUT_MS = 30_000;

type Child = ChildProcessByStdio<null, Readable, Readable>;

/**
 * "Events acknowledged to a caller survive a crash of the process (`kill -9`) and a restart"
 * (SPEC §4). A child appends under load and prints each acknowledgement; the test kills it
 * with SIGKILL mid-load, twice (the second run resumes on the recovered file), then checks
 * that every acknowledged event is there and the log is consistent.
 *
 * SIGKILL loses the process, not the OS page cache, so this proves the commit protocol, not
 * the fsync; power-loss durability rests on `synchronous=FULL` (checked in the unit spec).
 */
describe('SQLite event store durability', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ledger-durability-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it(
    'keeps every acknowledged append across kill -9 and a restart',
    async () => {
      const filename = join(directory, 'events.db');
      const acks: AckLine[] = [];
      for (let round = 0; round < 2; round++) {
        acks.push(...(await runAndKill(filename, ACKS_PER_ROUND)));
      }

      const store = new SqliteEventStore({ filename });
      try {
        const events = await store.readAll();
        const byStream = groupByStream(events);

        for (const ack of acks) {
          const stored = byStream.get(ack.stream) ?? [];
          const last = Number(ack.revision);
          const first = last - ack.ids.length + 1;
          expect({ ack, stored: stored.slice(first, last + 1).map((e) => e.id) }).toEqual({
            ack,
            stored: ack.ids,
          });
        }
        expectConsistentLog(events, byStream);
        expect(await store.checkIntegrity()).toEqual([]);

        const [someStream, streamEvents] = [...byStream.entries()][0];
        const next = await store.append(
          someStream,
          [{ id: randomUUID(), type: 'DurabilityProbed', data: {}, metadata: {} }],
          { expectedRevision: streamEvents[streamEvents.length - 1].revision },
        );
        expect(next.nextExpectedRevision).toBe(BigInt(streamEvents.length));
      } finally {
        await store.close();
      }
    },
    2 * ROUND_TIMEOUT_MS + 10_000,
  );
});

/** Starts the appender, waits for `acks` acknowledgements, SIGKILLs it; returns all it printed. */
async function runAndKill(filename: string, acks: number): Promise<AckLine[]> {
  const child: Child = spawn(process.execPath, ['--require', REGISTER, FIXTURE, filename, '16'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: AckLine[] = [];
  let pending = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolveExit) => child.once('close', () => resolveExit()));

  await new Promise<void>((resolveEnough, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      const counted = `${lines.length} of ${acks} acknowledgements in ${ROUND_TIMEOUT_MS} ms`;
      reject(new Error(`only ${counted}; stderr: ${stderr}`));
    }, ROUND_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      // Only complete lines count: the kill may cut the last one short.
      const parts = (pending + chunk).split('\n');
      pending = parts.pop() ?? '';
      for (const part of parts) lines.push(JSON.parse(part) as AckLine);
      if (lines.length >= acks && child.exitCode === null && !child.killed) {
        clearTimeout(timer);
        child.kill('SIGKILL');
        resolveEnough();
      }
    });
    child.once('exit', (code, signal) => {
      if (signal === 'SIGKILL') return;
      clearTimeout(timer);
      reject(new Error(`appender exited early (code ${code}); stderr: ${stderr}`));
    });
  });
  // Lines already in the pipe when the kill landed were acknowledged too: keep them.
  await exited;
  return lines;
}

function groupByStream(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const stream = byStream.get(event.streamName) ?? [];
    stream.push(event);
    byStream.set(event.streamName, stream);
  }
  return byStream;
}

/** Positions increase, ids are unique, revisions are contiguous, and no append is partial. */
function expectConsistentLog(
  events: readonly RecordedEvent[],
  byStream: ReadonlyMap<string, RecordedEvent[]>,
): void {
  for (let i = 1; i < events.length; i++) {
    expect(comparePositions(events[i - 1].position, events[i].position)).toBe(-1);
  }
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  for (const [stream, streamEvents] of byStream) {
    expect({ stream, revisions: streamEvents.map((e) => e.revision) }).toEqual({
      stream,
      revisions: streamEvents.map((_, i) => BigInt(i)),
    });
  }
  const appends = new Map<string, Array<{ index: number; size: number }>>();
  for (const event of events) {
    const data = event.data as { appendId: string; index: number; size: number };
    appends.set(data.appendId, [...(appends.get(data.appendId) ?? []), data]);
  }
  for (const [appendId, parts] of appends) {
    expect({ appendId, indexes: parts.map((p) => p.index) }).toEqual({
      appendId,
      indexes: Array.from({ length: parts[0].size }, (_, i) => i),
    });
  }
}
