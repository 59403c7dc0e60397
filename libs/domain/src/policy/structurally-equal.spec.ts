import { structurallyEqual } from './structurally-equal';

describe('structurallyEqual', () => {
  it('ignores the order of object keys, at every depth', () => {
    expect(structurallyEqual({ b: 1, a: { d: [1, 'x', null], c: true } }, { a: { c: true, d: [1, 'x', null] }, b: 1 })).toBe(true);
  });

  it('counts a member set to undefined as absent, but not a member set to null', () => {
    expect(structurallyEqual({ a: 1, u: undefined }, { a: 1 })).toBe(true);
    expect(structurallyEqual({ a: 1 }, { a: 1, u: undefined })).toBe(true);
    expect(structurallyEqual({ a: 1, n: null }, { a: 1 })).toBe(false);
    expect(structurallyEqual({ a: 1, n: null }, { a: 1, n: undefined })).toBe(false);
  });

  it('compares arrays in order and by length', () => {
    expect(structurallyEqual(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(structurallyEqual(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(structurallyEqual(['a'], ['a', 'a'])).toBe(false);
  });

  it.each([
    ['different primitives', 1, 2],
    ['a number and its string', 1, '1'],
    ['null and an empty object', null, {}],
    ['an array and an object with the same members', ['x'], { 0: 'x' }],
    ['an empty array and an empty object', [], {}],
    ['an object with one more key', { a: 1 }, { a: 1, b: 2 }],
    ['objects differing deep down', { k: [{ kty: 'EC', x: '1' }] }, { k: [{ kty: 'EC', x: '2' }] }],
  ])('tells apart %s', (_, a, b) => {
    expect(structurallyEqual(a, b)).toBe(false);
    expect(structurallyEqual(b, a)).toBe(false);
  });

  it('agrees with comparing the sorted-key JSON texts it replaces, on JSON values', () => {
    const sortedJson = (value: unknown): string => JSON.stringify(sortKeys(value));
    const values: unknown[] = [
      null, 0, 1, 'a', true, false, [], {}, [1, 2], [2, 1], { a: 1 }, { a: 1, b: undefined }, { a: null },
      { a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] }, { a: [1, { b: 2 }] }, { keys: [{ kty: 'RSA', n: 'x', e: 'AQAB' }] },
    ];
    for (const a of values) for (const b of values) expect(structurallyEqual(a, b)).toBe(sortedJson(a) === sortedJson(b));
  });
});

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
}
