import { verifyChain, type ChainVerification, type EventStore } from '@ledger/event-sourcing';
import { readAllEvents, readStreamEvents } from './event-pages';

/** A {@link ChainVerification} in JSON: revisions as decimal strings. */
export interface ChainVerificationJson {
  readonly ok: boolean;
  /** `null` when every stream was checked. */
  readonly stream: string | null;
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  readonly firstBreak?: {
    readonly streamName: string;
    readonly revision: string;
    readonly kind: string;
    readonly expected: string | null;
    readonly actual: string | null;
  };
  readonly head?: { readonly streamName: string; readonly revision: string; readonly hash: string };
}

/**
 * Recomputes the hash chain of one stream (in revision order), or of every stream (the global
 * log in commit order), reading the store a page at a time. The audit API's `verify` and the
 * CLI's `verify` both run this. `null` when the named stream does not exist, so a mistyped name
 * is never reported as an intact chain.
 */
export async function verifyStore(store: EventStore, streamName?: string): Promise<ChainVerificationJson | null> {
  if (streamName !== undefined) {
    const [first] = await store.readStream(streamName, { maxCount: 1 });
    if (!first) return null;
  }
  const events = streamName === undefined ? readAllEvents(store) : readStreamEvents(store, streamName);
  return verificationJson(await verifyChain(events), streamName ?? null);
}

function verificationJson(result: ChainVerification, stream: string | null): ChainVerificationJson {
  const { firstBreak, head } = result;
  return {
    ok: result.ok,
    stream,
    streamsChecked: result.streamsChecked,
    eventsChecked: result.eventsChecked,
    ...(firstBreak ? { firstBreak: { ...firstBreak, revision: firstBreak.revision.toString() } } : {}),
    ...(head ? { head: { ...head, revision: head.revision.toString() } } : {}),
  };
}
