import type { RecordedEvent } from '@ledger/event-sourcing';

/**
 * Reads the public parts of the tokens the service hands out, so suites can tie a response to
 * the events it produced without the server's keys.
 */

/** The public fields of a `tlr1.<familyId>.<sequence>.<secret>.<tag>` refresh token. */
export interface RefreshTokenParts {
  readonly familyId: string;
  readonly sequence: number;
  /** `<familyId>.<sequence>`, as events name the token (`data.refreshToken.id`). */
  readonly id: string;
}

/** Splits a refresh token; throws on anything that is not shaped like one. */
export function refreshTokenParts(token: string): RefreshTokenParts {
  const match = /^tlr1\.([A-Za-z0-9_-]{1,64})\.(0|[1-9][0-9]*)\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.exec(token);
  if (!match) throw new Error(`not a refresh token: ${token.slice(0, 12)}…`);
  const [, familyId, sequence] = match;
  return { familyId, sequence: Number(sequence), id: `${familyId}.${sequence}` };
}

/** The claims of a JWT, decoded without verification (the service already verified it). */
export function jwtClaims(jwt: string): Record<string, unknown> {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw new Error('not a compact JWS');
  return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The fields of `TokenRefreshed.data` the race and crash suites look at. */
export interface TokenRefreshedView {
  readonly generation: number;
  readonly leewayRetry: boolean;
  readonly refreshToken: { readonly id: string; readonly sequence: number };
  readonly accessToken: { readonly jti: string };
}

/** `data` of a `TokenRefreshed` event, typed for assertions. */
export function refreshedData(event: RecordedEvent): TokenRefreshedView {
  if (event.type !== 'TokenRefreshed') throw new Error(`expected TokenRefreshed, got ${event.type}`);
  return event.data as TokenRefreshedView;
}

/** Revisions of a stream's events as plain numbers (for `toEqual` against `0..n`). */
export function revisionsOf(events: readonly RecordedEvent[]): number[] {
  return events.map((e) => Number(e.revision));
}

/** `[0, 1, …, n - 1]`. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
