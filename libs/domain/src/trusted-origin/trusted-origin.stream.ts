/** Stream category of the trusted origins (the part before the first dash). */
export const TRUSTED_ORIGINS_STREAM_CATEGORY = 'trustedOrigins';

/**
 * The one stream holding every trusted origin of the organization (Okta's trusted origins are
 * org-wide). One aggregate, so "no two trusted origins share an origin" is decided atomically
 * with the expected revision; the set is small (tens of browser apps), so folding it is cheap.
 */
export function trustedOriginsStreamName(): string {
  return `${TRUSTED_ORIGINS_STREAM_CATEGORY}-org`;
}

/** Whether a stream name is the trusted-origins stream. */
export function isTrustedOriginsStream(streamName: string): boolean {
  return streamName === trustedOriginsStreamName();
}
