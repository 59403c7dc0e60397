/** Stream category of authorization servers (the part before the first dash). */
export const AUTHORIZATION_SERVER_STREAM_CATEGORY = 'authorizationServer';

/** Name of the stream holding one authorization server with its policies and rules. */
export function authorizationServerStreamName(authorizationServerId: string): string {
  return `${AUTHORIZATION_SERVER_STREAM_CATEGORY}-${authorizationServerId}`;
}

/** The authorization server id a stream name names, or `null` for another category. */
export function authorizationServerIdFromStreamName(streamName: string): string | null {
  const prefix = `${AUTHORIZATION_SERVER_STREAM_CATEGORY}-`;
  return streamName.startsWith(prefix) && streamName.length > prefix.length
    ? streamName.slice(prefix.length)
    : null;
}
