import { SubjectKeys } from '@ledger/audit';
import type { RecordedEvent } from '@ledger/event-sourcing';
import type { TestLedger } from './ledger-harness';

/** The family id a refresh token names: `tlr1.<familyId>.<sequence>.<secret>.<tag>`. */
export function familyIdOf(refreshToken: string): string {
  const familyId = refreshToken.split('.')[1];
  if (!familyId) throw new Error('not a tlr1 refresh token');
  return familyId;
}

/**
 * Every event of the family the refresh token names, oldest first, as decided: `TokenIssued`'s
 * personal fields decrypted with the ledger's own subject keys (the store holds them encrypted;
 * {@link storedFamilyEvents} for the events as stored).
 */
export async function familyEvents(ledger: TestLedger, refreshToken: string): Promise<RecordedEvent[]> {
  const keys = ledger.app.get(SubjectKeys);
  const events: RecordedEvent[] = [];
  for (const event of await storedFamilyEvents(ledger, refreshToken)) events.push({ ...event, data: (await keys.decode(event)).data });
  return events;
}

/** Every event of the family the refresh token names, oldest first, as the store holds them. */
export function storedFamilyEvents(ledger: TestLedger, refreshToken: string): Promise<RecordedEvent[]> {
  return ledger.store.readStream(`tokenFamily-${familyIdOf(refreshToken)}`);
}

/** The event types of the family the refresh token names, oldest first. */
export async function familyEventTypes(ledger: TestLedger, refreshToken: string): Promise<string[]> {
  return (await familyEvents(ledger, refreshToken)).map((event) => event.type);
}

/** How many events the whole store holds (to show a refused request appended nothing). */
export async function eventCount(ledger: TestLedger): Promise<number> {
  return (await ledger.allEvents()).length;
}

/**
 * The private `reason` of the most recent refused request, from the exception filter's debug log
 * (a pino JSON line); with `msg`, of the most recent debug line with that message instead
 * (`'introspection inactive'`: why introspection answered `{"active":false}`).
 */
export function lastRefusalReason(ledger: TestLedger, msg = 'request refused'): string | undefined {
  for (let i = ledger.logs.lines.length - 1; i >= 0; i--) {
    const line = JSON.parse(ledger.logs.lines[i]) as { msg?: string; reason?: string };
    if (line.msg === msg) return line.reason;
  }
  return undefined;
}
