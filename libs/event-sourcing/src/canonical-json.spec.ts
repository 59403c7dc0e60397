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
