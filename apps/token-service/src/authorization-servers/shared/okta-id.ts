import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Okta's id prefixes: authorization servers `aus`, access policies `00p`, policy rules `0pr`. */
export const OKTA_ID_PREFIX = { authorizationServer: 'aus', accessPolicy: '00p', policyRule: '0pr' } as const;

/**
 * A new Okta-looking id: the type's prefix then random base62 characters, 20 in all as Okta's
 * (e.g. `aus1a2b3c4d5e6f7g8h9`). 17 random characters carry about 101 bits, so a collision is
 * never expected; the decider still refuses a taken id rather than overwrite it.
 */
export function newOktaId(prefix: string): string {
  let id = prefix;
  while (id.length < 20) id += BASE62[randomInt(BASE62.length)];
  return id;
}
