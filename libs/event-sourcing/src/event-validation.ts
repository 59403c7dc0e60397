import { InvalidEventError } from './errors';
import type { EventToAppend } from './event-store.port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks the stream name of an append as every adapter does, before anything is sent or written.
 *
 * @throws TypeError when it is not a non-empty string (a caller's bug, not a malformed event)
 */
export function checkStreamName(streamName: string): void {
  if (typeof streamName !== 'string' || streamName === '') {
    throw new TypeError('stream name must be a non-empty string');
  }
}

/**
 * Checks an event's id and type as every adapter must before anything is sent or written, so
 * that both stores refuse the same events with the same {@link InvalidEventError}.
 *
 * Returns the id in lower case: EventStoreDB formats the ids it returns in lower case (the
 * `Read` reply's `uuid_option` string is .NET's `Guid.ToString()`), so every adapter stores
 * ids that way and what is read equals what was written.
 *
 * @throws InvalidEventError when the id is not a UUID or the type is empty
 */
export function checkEventToAppend(streamName: string, event: EventToAppend): string {
  if (typeof event.id !== 'string' || !UUID.test(event.id)) {
    throw new InvalidEventError(streamName, `event id ${String(event.id)} is not a UUID`);
  }
  const id = event.id.toLowerCase();
  if (typeof event.type !== 'string' || event.type === '') {
    throw new InvalidEventError(streamName, `event ${id} has no type`);
  }
  return id;
}

/**
 * An event's `data` or `metadata` as JSON text, refusing what JSON cannot hold (a `BigInt`, a
 * cycle, `undefined`) with an {@link InvalidEventError}.
 *
 * An adapter that stores text stores this; one that hands the objects to a client calls it to
 * refuse them first (the EventStoreDB client serialises where a throw is never reported). An
 * adapter given the command loop's canonical text (`EventToAppend.json`) stores that instead and
 * need not call this: the event is then serialised once per append, not twice.
 *
 * @param id the event's id as {@link checkEventToAppend} returned it
 * @throws InvalidEventError
 */
export function eventJson(streamName: string, id: string, field: 'data' | 'metadata', value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    // The message names the problem (BigInt, cycle), never the values.
    throw new InvalidEventError(
      streamName,
      `event ${id} ${field} is not JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (text === undefined) throw new InvalidEventError(streamName, `event ${id} has no ${field}`);
  return text;
}
