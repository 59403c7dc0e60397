/** Types of `es256-jws.js` (plain CommonJS so the signing thread can load it; see that file). */
import type { KeyObject } from 'node:crypto';

/** The signed JWTs of one token response. */
export interface SignedTokens {
  readonly accessToken: string;
  /** When ID-token claims were given; its `at_hash` is that of `accessToken`. */
  readonly idToken?: string;
}

export function signCompact(privateKey: KeyObject, encodedHeader: string, payloadJson: string): string;

export function atHash(accessToken: string): string;

export function signTokenPair(
  privateKey: KeyObject,
  accessHeader: string,
  accessJson: string,
  idHeader: string,
  idJson: string | null | undefined,
): SignedTokens;
