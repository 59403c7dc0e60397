/**
 * Fault injection: failures a real cluster produces now and then, on demand, so the adapter's
 * reconnect, retry and resubscribe paths run in tests. Every handler reports its call here
 * first (`onCall`), which is also where calls are counted.
 */
import { accessDenied, notLeader, unavailable, type RpcError } from './errors';

/**
 * - `UNAVAILABLE`: the node cannot serve (restarting, not ready, connection lost); the client
 *   raises `UnavailableError` and reconnects before its next call.
 * - `NOT_LEADER`: the call needed the leader; the trailers name the leader (this emulator), so
 *   the client raises `NotLeaderError` and reconnects there.
 * - `ACCESS_DENIED`: `AccessDeniedError`.
 */
export type FaultKind = 'UNAVAILABLE' | 'NOT_LEADER' | 'ACCESS_DENIED';

/** The RPCs a fault can target, by their wire names. */
export type EmulatedMethod = 'Read' | 'Append' | 'BatchAppend' | 'Delete' | 'Tombstone' | 'GetSupportedMethods';

export interface FailNextCallOptions {
  /**
   * Only this RPC fails. Without it, the next call of the Streams service (Read, Append,
   * BatchAppend, Delete, Tombstone) fails, whichever it is. For `BatchAppend` the "call" is
   * one append: its request fails the whole bidirectional stream, as a node going away does.
   */
  readonly method?: EmulatedMethod;
  /** How many consecutive matching calls fail (default 1). */
  readonly times?: number;
}

interface PendingFault {
  readonly kind: FaultKind;
  readonly method?: EmulatedMethod;
  remaining: number;
}

export class Faults {
  /** Milliseconds each live subscription event waits before it is sent. */
  liveDelayMs = 0;
  private readonly pending: PendingFault[] = [];
  private readonly calls = new Map<EmulatedMethod, number>();

  constructor(private readonly leader: () => { host: string; port: number }) {}

  failNextCall(kind: FaultKind, options: FailNextCallOptions = {}): void {
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer, got ${times}`);
    this.pending.push({ kind, method: options.method, remaining: times });
  }

  /**
   * Counts a call (for `BatchAppend`: an append) and answers the error it must fail with, if a
   * pending fault targets it (consuming one).
   */
  onCall(method: EmulatedMethod): RpcError | undefined {
    this.calls.set(method, this.callCount(method) + 1);
    const index = this.pending.findIndex((fault) =>
      fault.method === undefined ? method !== 'GetSupportedMethods' : fault.method === method,
    );
    if (index < 0) return undefined;
    const fault = this.pending[index];
    fault.remaining -= 1;
    if (fault.remaining === 0) this.pending.splice(index, 1);
    return this.errorFor(fault.kind);
  }

  /** Calls received so far (for `BatchAppend`: appends). */
  callCount(method: EmulatedMethod): number {
    return this.calls.get(method) ?? 0;
  }

  clear(): void {
    this.pending.length = 0;
    this.liveDelayMs = 0;
  }

  private errorFor(kind: FaultKind): RpcError {
    switch (kind) {
      case 'UNAVAILABLE':
        return unavailable('Server Is Not Ready (injected fault)');
      case 'NOT_LEADER': {
        const { host, port } = this.leader();
        return notLeader(host, port);
      }
      case 'ACCESS_DENIED':
        return accessDenied();
    }
  }
}
