import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { isLeafEvent, ledgerLeafHash, ledgerLeafInput, ledgerLeafInputFast } from './ledger-leaf';

const event = {
  streamName: 'tokenFamily-9f2c',
  revision: 3n,
  type: 'TokenRefreshed',
  position: { commit: 60274n, prepare: 60273n },
  contentHash: 'ab'.repeat(32),
};

describe('ledger leaves', () => {
  it('are the canonical JSON of position, stream, revision, type and content hash, numbers as decimal strings', () => {
    expect(ledgerLeafInput(event)).toBe(
      `{"contentHash":"${'ab'.repeat(32)}","position":{"commit":"60274","prepare":"60273"},` +
        '"revision":"3","streamName":"tokenFamily-9f2c","type":"TokenRefreshed"}',
    );
  });

  it('hash as SHA-256(0x00 ‖ UTF-8 of the leaf input), which an auditor recomputes without this code', () => {
    const expected = createHash('sha256').update(Buffer.from([0])).update(ledgerLeafInput(event), 'utf8').digest('hex');
    expect(ledgerLeafHash(event)).toBe(expected);
  });

  it('written out directly are the very canonical JSON, whatever the names (quotes, non-ASCII, control characters)', () => {
    fc.assert(
      fc.property(
        fc.record({
          streamName: fc.string({ unit: 'binary' }),
          revision: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
          type: fc.string({ unit: 'binary' }),
          position: fc.record({ commit: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), prepare: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) }),
          contentHash: fc.string(),
        }),
        (e) => {
          expect(ledgerLeafInputFast(e)).toBe(ledgerLeafInput(e));
          expect(ledgerLeafHash(e)).toBe(createHash('sha256').update(Buffer.from([0])).update(ledgerLeafInput(e), 'utf8').digest('hex'));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('change with every field they cover', () => {
    const variants = [
      { ...event, streamName: 'tokenFamily-9f2d' },
      { ...event, revision: 4n },
      { ...event, type: 'TokenRevoked' },
      { ...event, position: { commit: 60275n, prepare: 60273n } },
      { ...event, position: { commit: 60274n, prepare: 60272n } },
      { ...event, contentHash: 'cd'.repeat(32) },
    ];
    const hashes = new Set([event, ...variants].map(ledgerLeafHash));
    expect(hashes.size).toBe(variants.length + 1);
  });

  it('are every event but the seals and the store system events', () => {
    expect(isLeafEvent('tokenFamily-9f2c', 'TokenIssued')).toBe(true);
    expect(isLeafEvent('ledgerRemovals', 'EventsRemoved')).toBe(true);
    expect(isLeafEvent('ledgerSeals', 'LedgerSealed')).toBe(false);
    expect(isLeafEvent('$$tokenFamily-9f2c', '$metadata')).toBe(false);
    expect(isLeafEvent('$stats-127.0.0.1:2113', 'StatsCollected')).toBe(false);
    expect(isLeafEvent('tokenFamily-9f2c', '$>')).toBe(false);
  });
});
