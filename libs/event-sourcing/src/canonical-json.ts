/**
 * Serialises a JSON value with object keys sorted, so the same event always hashes the same
 * way whatever order its properties were built in. `bigint` is written as a decimal string;
 * `undefined` members are left out (as `JSON.stringify` does, so a stored-and-read event hashes
 * as it did when written). Every event is hashed on append, so this is written for speed:
 * one string built by concatenation, no intermediate arrays beyond the sorted key list.
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
      const keys = Object.keys(obj).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const member = obj[key];
        if (member === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      return 'null';
  }
}
