/**
 * Fault injection: failures a real cluster produces now and then, on demand, so the adapter's
 * reconnect, retry and resubscribe paths run in tests. Every handler reports its call here
 * first (`onCall`, or `onAppend` on the two append paths), which is also where calls are
 * counted.
 */
import type { AuthOptions, AuthSettings } from './auth';
import { accessDenied, notLeader, unavailable, type RpcError } from './errors';

/** `startEsdbEmulator` options about failure fidelity (merged into its options). */
export interface FidelityOptions extends AuthOptions {
  /**
   * The server's write timeout (`--write-timeout-ms`, default 2000, EventStore
   * `src/EventStore.Core/Configuration/ClusterVNodeOptions.cs` `WriteTimeoutMs`): a BatchAppend
   * append times out after `min(client deadline, writeTimeoutMs)`, and a `DEADLINE` fault
   * answers after it.
   */
  readonly writeTimeoutMs?: number;
}

/** The resolved {@link FidelityOptions}, part of the emulator's settings. */
export interface FidelitySettings extends AuthSettings {
  readonly writeTimeoutMs: number;
}

export function fidelitySettings(options: FidelityOptions): FidelitySettings {
  const writeTimeoutMs = options.writeTimeoutMs ?? 2000;
  if (!(writeTimeoutMs > 0)) throw new RangeError(`writeTimeoutMs must be > 0, got ${writeTimeoutMs}`);
  return { requireAuth: options.requireAuth ?? false, tls: options.tls, writeTimeoutMs };
}

/**
 * - `UNAVAILABLE`: the node cannot serve (restarting, not ready, connection lost); the client
 *   raises `UnavailableError` and reconnects before its next call.
 * - `NOT_LEADER`: the call needed the leader; the trailers name the leader (this emulator), so
 *   the client raises `NotLeaderError` and reconnects there.
 * - `ACCESS_DENIED`: `AccessDeniedError`. On `BatchAppend` it is answered for that one append,
 *   in band, and the call stays open for the next, as the server's authorization check does
 *   (EventStore `src/EventStore.Core/Services/Transport/Grpc/Streams.BatchAppend.cs`,
 *   `Receive`: `Error = Status.AccessDenied`, then `continue`).
 * - `LOST_REPLY` (appends only): the append **commits** (it is in the log, readable, delivered
 *   to subscriptions), then its reply is lost: `Append` fails UNAVAILABLE, and the whole
 *   `BatchAppend` call dies with UNAVAILABLE, as when the connection or the node goes away
 *   between the commit and the answer. The client sees an error for a committed write.
 * - `DEADLINE` (appends only): the write does not complete within the server's write timeout
 *   (`min(client deadline, writeTimeoutMs)`; nothing is written). `BatchAppend` answers the
 *   in-band `Timeout` status (the client's `DeadlineExceededError`) and stays open; `Append`
 *   answers ABORTED "Operation timed out" (`RpcExceptions.Timeout`, the client's
 *   `TimeoutError`), as `Streams.Append.cs` does for a prepare/commit/forward timeout.
 */
export type FaultKind = 'UNAVAILABLE' | 'NOT_LEADER' | 'ACCESS_DENIED' | 'LOST_REPLY' | 'DEADLINE';

/** The RPCs a fault can target, by their wire names. */
export type EmulatedMethod = 'Read' | 'Append' | 'BatchAppend' | 'Delete' | 'Tombstone' | 'GetSupportedMethods';

/** The methods that append; `LOST_REPLY` and `DEADLINE` only ever hit these. */
export type AppendMethod = Extract<EmulatedMethod, 'Append' | 'BatchAppend'>;

const APPEND_ONLY: ReadonlySet<FaultKind> = new Set(['LOST_REPLY', 'DEADLINE']);

export interface FailNextCallOptions {
  /**
   * Only this RPC fails. Without it, the next call of the Streams service (Read, Append,
   * BatchAppend, Delete, Tombstone) fails, whichever it is; `LOST_REPLY` and `DEADLINE` wait
   * for the next append (`Append` or `BatchAppend`). For `BatchAppend` the "call" is one
   * append.
   */
  readonly method?: EmulatedMethod;
  /** How many consecutive matching calls fail (default 1). */
  readonly times?: number;
  /**
   * `LOST_REPLY` only: the node that committed the write also loses its recent event ids
   * before the client can retry, as when the reply is lost because the leader went away (the
   * new leader's cache does not hold them): a retried `any`/`stream_exists` append is then
   * written again, as on a real cluster.
   */
  readonly forgetRecentAppends?: boolean;
}

/** A fault an append suffers (see {@link Faults.onAppend}). */
export interface AppendFault {
  readonly kind: FaultKind;
  readonly forgetRecentAppends: boolean;
}

interface PendingFault {
  readonly kind: FaultKind;
  readonly method?: EmulatedMethod;
  readonly forgetRecentAppends: boolean;
  remaining: number;
}

export class Faults {
  /** Milliseconds each live subscription event waits before it is sent. */
  liveDelayMs = 0;
  /**
   * How far the emulated server's wall clock is ahead of this machine's (negative: behind).
   * Only what the server compares with the client's clock uses it: BatchAppend deadlines,
   * which the client sends as absolute timestamps.
   */
  clockSkewMs = 0;
  private readonly pending: PendingFault[] = [];
  private readonly calls = new Map<EmulatedMethod, number>();

  constructor(private readonly leader: () => { host: string; port: number }) {}

  failNextCall(kind: FaultKind, options: FailNextCallOptions = {}): void {
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
    if (APPEND_ONLY.has(kind) && options.method !== undefined && options.method !== 'Append' && options.method !== 'BatchAppend') {
      throw new RangeError(`${kind} applies to Append and BatchAppend only, not ${options.method}`);
    }
    if (options.forgetRecentAppends && kind !== 'LOST_REPLY') {
      throw new RangeError(`forgetRecentAppends goes with LOST_REPLY only, not ${kind}`);
    }
    this.pending.push({ kind, method: options.method, forgetRecentAppends: options.forgetRecentAppends ?? false, remaining: times });
  }

  /**
   * Counts a call (for `BatchAppend`: an append) and answers the error it must fail with, if a
   * pending fault targets it (consuming one). Append-only kinds never match here.
   */
  onCall(method: EmulatedMethod): RpcError | undefined {
    const fault = this.take(method);
    return fault && this.errorFor(fault.kind);
  }

  /**
   * Counts an append and answers the fault it must suffer, if one targets it (consuming it);
   * the append handlers decide what each kind means on their path.
   */
  onAppend(method: AppendMethod): AppendFault | undefined {
    const fault = this.take(method);
    return fault && { kind: fault.kind, forgetRecentAppends: fault.forgetRecentAppends };
  }

  /** Calls received so far (for `BatchAppend`: appends). */
  callCount(method: EmulatedMethod): number {
    return this.calls.get(method) ?? 0;
  }

  /** The emulated server's wall clock, in milliseconds since the epoch. */
  serverNow(): number {
    return Date.now() + this.clockSkewMs;
  }

  clear(): void {
    this.pending.length = 0;
    this.liveDelayMs = 0;
    this.clockSkewMs = 0;
  }

  /** The error of a fault that fails the call before anything happens. */
  errorFor(kind: FaultKind): RpcError {
    switch (kind) {
      case 'UNAVAILABLE':
        return unavailable('Server Is Not Ready (injected fault)');
      case 'NOT_LEADER': {
        const { host, port } = this.leader();
        return notLeader(host, port);
      }
      case 'ACCESS_DENIED':
        return accessDenied();
      case 'LOST_REPLY':
        return unavailable('Connection lost after the write committed (injected fault)');
      case 'DEADLINE':
        return unavailable('Deadline fault on a call that does not append (injected fault)');
    }
  }

  private take(method: EmulatedMethod): PendingFault | undefined {
    this.calls.set(method, this.callCount(method) + 1);
    const appends = method === 'Append' || method === 'BatchAppend';
    const index = this.pending.findIndex((fault) => {
      if (APPEND_ONLY.has(fault.kind) && !appends) return false;
      return fault.method === undefined ? method !== 'GetSupportedMethods' : fault.method === method;
    });
    if (index < 0) return undefined;
    const fault = this.pending[index];
    fault.remaining -= 1;
    if (fault.remaining === 0) this.pending.splice(index, 1);
    return fault;
  }
}
