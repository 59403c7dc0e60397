import { tokenFamilyStreamName, type TokenFamilyEvent } from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-sourcing';
import { readStreamEvents } from './event-pages';

/** A family id as refresh tokens and `jti`s carry it (base64url); anything else names no family. */
const FAMILY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether `familyId` could name a family (so a malformed id never reaches the store). */
export function isFamilyId(familyId: string): boolean {
  return FAMILY_ID.test(familyId);
}

/**
 * Every event of a family, oldest first; empty for an unknown family. An audit fold reads the
 * whole stream (not the first and last events the hot path loads), so a revoked family keeps
 * the progress it had when it was revoked.
 */
export async function readFamilyEvents(store: EventStore, familyId: string): Promise<RecordedEvent[]> {
  if (!isFamilyId(familyId)) return [];
  const events: RecordedEvent[] = [];
  for await (const event of readStreamEvents(store, tokenFamilyStreamName(familyId))) events.push(event);
  return events;
}

/** The domain view of recorded events (type and data; metadata stays with the records). */
export function asTokenFamilyEvents(events: readonly RecordedEvent[]): TokenFamilyEvent[] {
  return events.map((e) => ({ type: e.type, data: e.data }) as TokenFamilyEvent);
}
