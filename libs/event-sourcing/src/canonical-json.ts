/**
 * Serialises a JSON value with object keys sorted, so the same event always hashes the same
 * way whatever order its properties were built in. `bigint` is written as a decimal string;
 * `undefined` members are left out (as `JSON.stringify` does, so a stored-and-read event hashes
 * as it did when written).
 *
 * Every event is hashed on append, and profiles of the refresh load showed this function and
 * its key sorting as the largest allocator of the request path. Hence: keys are sorted in place
 * by insertion sort (events have a handful of keys per object; `Array.prototype.sort` copies
 * into a work array first), and quoted keys come from a small cache (events reuse one small
 * vocabulary of keys). The output is exactly the previous definition's: keys in UTF-16
 * code-unit order, as the default `sort` orders them (the spec compares against it).
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      return `"${value.toString()}"`;
    case 'undefined':
      return 'null';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
        return `${out}]`;
      }
      const obj = value as Record<string, unknown>;
      const keys = sortInPlace(Object.keys(obj));
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const member = obj[key];
        if (member === undefined) continue;
        out += `${out.length > 1 ? ',' : ''}${quotedKey(key)}:${canonicalJson(member)}`;
      }
      return `${out}}`;
    }
    default:
      return 'null';
  }
}

/** Insertion sort by UTF-16 code units (the order of the default `Array.prototype.sort`). */
function sortInPlace(keys: string[]): string[] {
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/** Bounded so a stream of arbitrary keys (e.g. user-supplied claims) cannot grow it forever. */
const QUOTED_KEYS_MAX = 2048;
const quotedKeys = new Map<string, string>();

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < QUOTED_KEYS_MAX) quotedKeys.set(key, quoted);
  }
  return quoted;
}
