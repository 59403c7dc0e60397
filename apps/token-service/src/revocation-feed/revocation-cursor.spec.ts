import { decodeRevocationCursor, encodeRevocationCursor } from './revocation-cursor';

describe('revocation feed cursors', () => {
  it('round-trip a position (64-bit values included) and the start, as opaque base64url', () => {
    const positions = [{ commit: 18n, prepare: 18n }, { commit: 2n ** 64n - 1n, prepare: 2n ** 63n }, { commit: 0n, prepare: 0n }];
    for (const position of positions) {
      const cursor = encodeRevocationCursor(position);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeRevocationCursor(cursor)).toEqual(position);
    }
    expect(decodeRevocationCursor(encodeRevocationCursor('start'))).toBe('start');
  });

  it('refuses anything it did not produce, naming the `after` field', () => {
    const foreign = ['', 'not base64!', Buffer.from('18/18').toString('base64url'), Buffer.from('tlf1:18').toString('base64url'), Buffer.from('tlf1:-1/2').toString('base64url'), 'A'.repeat(200)];
    for (const cursor of foreign) {
      expect(() => decodeRevocationCursor(cursor)).toThrow(expect.objectContaining({ code: 'invalid_request', reason: 'invalid_parameter', detail: 'after' }));
    }
  });
});
