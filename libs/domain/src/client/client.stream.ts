/** Stream category of clients (the part before the first dash). */
export const CLIENT_STREAM_CATEGORY = 'client';

/** Name of the stream holding one client's configuration history. */
export function clientStreamName(clientId: string): string {
  return `${CLIENT_STREAM_CATEGORY}-${clientId}`;
}

/** The client id a stream name names, or `null` for another category. */
export function clientIdFromStreamName(streamName: string): string | null {
  const prefix = `${CLIENT_STREAM_CATEGORY}-`;
  return streamName.startsWith(prefix) && streamName.length > prefix.length ? streamName.slice(prefix.length) : null;
}
