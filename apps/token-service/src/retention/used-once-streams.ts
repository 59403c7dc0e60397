import type { GlobalPosition, RecordedEvent } from '@ledger/event-sourcing';
import { CLIENT_ASSERTION_STREAM_CATEGORY, type ClientAssertionAcceptedData } from '../client-auth/client-assertion-replay';
import { DPOP_PROOF_STREAM_CATEGORY, type DpopProofAcceptedData } from '../token-families/dpop/dpop-proof-replay';

/** The stream categories of "used once" records: private_key_jwt assertion ids, DPoP proof ids. */
export const USED_ONCE_STREAM_PREFIXES = [`${CLIENT_ASSERTION_STREAM_CATEGORY}-`, `${DPOP_PROOF_STREAM_CATEGORY}-`] as const;

/**
 * How far the expiries of used-once records may run out of log order, in ms. Each record is
 * appended when its assertion or proof is accepted, and its expiry lies within a bounded time of
 * that moment: an assertion's `exp` at most an hour after it (the authenticator's maximum
 * lifetime, plus its clock tolerance), a DPoP proof's `iat` + maximum age within the age window.
 * So once a record is this much short of being removable, none after it in the log is
 * removable either. Two hours covers both with room for replicas' clock skew.
 */
export const USED_ONCE_EXPIRY_DISORDER_MS = 2 * 3_600_000;

/** When the record's assertion or proof stopped being acceptable (epoch ms), or `undefined` for another event. */
export function usedOnceExpiry(event: Pick<RecordedEvent, 'type' | 'data'>, dpopProofMaxAgeMs: number): number | undefined {
  if (event.type === 'ClientAssertionAccepted') {
    const exp = (event.data as Partial<ClientAssertionAcceptedData> | null)?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  }
  if (event.type === 'DpopProofAccepted') {
    const iat = (event.data as Partial<DpopProofAcceptedData> | null)?.iat;
    return typeof iat === 'number' && Number.isFinite(iat) ? iat * 1000 + dpopProofMaxAgeMs : undefined;
  }
  return undefined;
}

/** What one page of used-once records means for retention. */
export interface UsedOncePlan {
  /** Streams whose expiry passed more than the retention ago: remove them. */
  readonly due: string[];
  /**
   * Where the next scan starts: after the last record of an unbroken run from the page's start
   * of records handled (due, or not a used-once record); `undefined` when the page's first
   * record must be looked at again.
   */
  readonly handledUpTo: GlobalPosition | undefined;
  /** True when nothing after this page can be due yet: stop reading. */
  readonly done: boolean;
}

/**
 * Decides, for one page of the log's used-once records (in log order), which are due for
 * removal at `now` with `retentionMs`, how far the scan's cursor may advance, and whether later
 * pages can hold anything due (see {@link USED_ONCE_EXPIRY_DISORDER_MS}). Pure: the janitor
 * reads, this decides.
 */
export function planUsedOnce(page: readonly RecordedEvent[], now: number, retentionMs: number, dpopProofMaxAgeMs: number): UsedOncePlan {
  const due: string[] = [];
  let handledUpTo: GlobalPosition | undefined;
  let unbroken = true;
  for (const event of page) {
    const expiry = usedOnceExpiry(event, dpopProofMaxAgeMs);
    if (expiry === undefined) {
      if (unbroken) handledUpTo = event.position;
      continue;
    }
    const removableAt = expiry + retentionMs;
    if (removableAt <= now) {
      due.push(event.streamName);
      if (unbroken) handledUpTo = event.position;
      continue;
    }
    unbroken = false;
    if (removableAt - USED_ONCE_EXPIRY_DISORDER_MS > now) return { due, handledUpTo, done: true };
  }
  return { due, handledUpTo, done: false };
}
