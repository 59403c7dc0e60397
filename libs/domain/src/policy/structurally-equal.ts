/**
 * Whether two JSON values are the same value: equal primitives, arrays equal element by
 * element in order, objects with the same keys in any order and equal members at every depth.
 * A member set to `undefined` counts as absent, as it does once the value is stored as JSON.
 *
 * Declarations compare desired and current configuration with it (what a client or server
 * registered against what a declaration asks for); callers turn order-free lists into sorted
 * ones first.
 */
export function structurallyEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((member, i) => structurallyEqual(member, b[i]))
    );
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = definedKeys(left);
  return (
    keys.length === definedKeys(right).length &&
    keys.every((key) => Object.hasOwn(right, key) && structurallyEqual(left[key], right[key]))
  );
}

function definedKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined);
}
