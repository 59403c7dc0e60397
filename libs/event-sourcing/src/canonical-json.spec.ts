import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true }, u: undefined })).toBe('{"a":{"c":true,"d":[1,"x",null]},"b":1}');
  });

  it('is the same for any key order and survives a JSON round trip', () => {
    const a = { x: 1, y: { p: 'q', r: [{ s: 1, t: 2 }] } };
    const b = { y: { r: [{ t: 2, s: 1 }], p: 'q' }, x: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(JSON.parse(JSON.stringify(a)))).toBe(canonicalJson(a));
  });

  it('writes bigint as a decimal string and escapes strings as JSON does', () => {
    expect(canonicalJson({ n: 12n, s: 'a"b\n' })).toBe('{"n":"12","s":"a\\"b\\n"}');
  });
});

describe('canonicalJson against its reference definition', () => {
  // The straightforward definition (sorted copy of the keys, JSON.stringify of every key): the
  // optimised one must produce exactly the same text for any JSON-like value.
  function reference(value: unknown): string {
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'boolean':
        return JSON.stringify(value);
      case 'bigint':
        return `"${value.toString()}"`;
      case 'undefined':
        return 'null';
      case 'object': {
        if (value === null) return 'null';
        if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
        const obj = value as Record<string, unknown>;
        const members = Object.keys(obj)
          .sort()
          .filter((k) => obj[k] !== undefined)
          .map((k) => `${JSON.stringify(k)}:${reference(obj[k])}`);
        return `{${members.join(',')}}`;
      }
      default:
        return 'null';
    }
  }

  it('agrees for arbitrary values, keys and key orders (property)', () => {
    const key = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom('a', 'B', '_', 'é', '\u{1F600}', '10', '9', ''));
    const leaf = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt());
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 8 })),
    }));
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
  });
});
