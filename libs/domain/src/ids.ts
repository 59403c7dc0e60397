import { InvalidConfigurationError } from './policy/configuration.errors';

/**
 * The one rule for every id a caller chooses: authorization servers, access policies, policy
 * rules and clients. Such an id becomes part of a stream name (`authorizationServer-<id>`,
 * `signingKeys-<id>`, `client-<id>`, `clientAssertion-<clientId>-...`), of a folder name (the
 * old key directory's `<keys>/<authorizationServerId>/`, imported once at start) and of URL path
 * segments (`/oauth2/{id}/...`, `/api/v1/clients/{clientId}`), so it keeps to what all of them take:
 * no `.` or `~` (a path segment `..`, a folder name the old key store refused), no `/`, no spaces, no
 * characters outside ASCII, no NUL, and a letter or digit first (never an option-looking `-`).
 * A dash inside is fine: stream categories end at the first dash and every parser takes the rest.
 * Okta's own ids (`aus…`, `00p…`, `0pr…`, `0oa…`) and the generated ones keep to it.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The longest id {@link ID_PATTERN} takes. */
export const ID_MAX_LENGTH = 64;

/** What {@link requireId} says of an id it refuses (it never repeats the value). */
export const ID_RULE = `must be 1 to ${ID_MAX_LENGTH} letters, digits, "_" or "-", starting with a letter or digit`;

/** Whether `value` is an id {@link ID_PATTERN} takes. */
export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/**
 * An id new configuration may use. `recorded` lists the ids of this kind already in the log:
 * an older version took ids by a looser rule, and an object it recorded keeps its id (it can
 * still be updated and redeclared) while no new object may take one.
 *
 * @throws {InvalidConfigurationError} naming the field `at`.
 */
export function requireId(value: unknown, at: string, recorded: readonly string[] = []): string {
  if (isValidId(value) || (typeof value === 'string' && recorded.includes(value))) return value;
  throw new InvalidConfigurationError(at, ID_RULE);
}
