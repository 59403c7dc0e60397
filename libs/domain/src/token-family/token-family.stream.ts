/** The stream category of token families: the part of a stream name before the first dash. */
export const TOKEN_FAMILY_CATEGORY = 'tokenFamily';

/**
 * The one place a token family's stream name is built: `tokenFamily-<familyId>`.
 * The category holds no dash, so everything after the first dash is the id.
 */
export function tokenFamilyStreamName(familyId: string): string {
  return `${TOKEN_FAMILY_CATEGORY}-${familyId}`;
}
