import { ledgerLeafHash } from '../merkle/ledger-leaf';
import { InvalidRemovalRecordError, parseEventsRemoved, RemovedEventsIndex, type EventsRemovedData } from './removal-records';

const hashA = 'a1'.repeat(32);
const hashB = 'b2'.repeat(32);

const record = (): EventsRemovedData => ({
  reason: 'retention',
  removedAt: 1_796_000_000_000,
  requestedBy: 'system:retention',
  streams: [
    {
      streamName: 'tokenFamily-1',
      events: [
        { revision: '0', position: { commit: '10', prepare: '10' }, type: 'TokenIssued', contentHash: hashA },
        { revision: '1', position: { commit: '12', prepare: '12' }, type: 'TokenRevoked', contentHash: hashB },
      ],
    },
  ],
});

describe('parseEventsRemoved', () => {
  it('returns well-formed data as it is', () => {
    expect(parseEventsRemoved(JSON.parse(JSON.stringify(record())))).toEqual(record());
  });

  const malformed: Array<[string, (r: Record<string, any>) => void]> = [
    ['an unknown reason', (r) => (r.reason = 'cleanup')],
    ['removedAt not epoch ms', (r) => (r.removedAt = '2026-12-07')],
    ['an empty requestedBy', (r) => (r.requestedBy = '')],
    ['no streams', (r) => (r.streams = [])],
    ['a stream without events', (r) => (r.streams[0].events = [])],
    ['a stream listed twice', (r) => r.streams.push(r.streams[0])],
    ['a numeric revision', (r) => (r.streams[0].events[0].revision = 0)],
    ['a revision with a sign', (r) => (r.streams[0].events[0].revision = '-1')],
    ['a revision with a leading zero', (r) => (r.streams[0].events[0].revision = '01')],
    ['a position that is not decimal', (r) => (r.streams[0].events[0].position.commit = '1e3')],
    ['a position missing prepare', (r) => delete r.streams[0].events[0].position.prepare],
    ['an uppercase content hash', (r) => (r.streams[0].events[0].contentHash = hashA.toUpperCase())],
    ['an empty type', (r) => (r.streams[0].events[0].type = '')],
    ['an unknown field', (r) => (r.streams[0].events[0].data = {})],
    ['a missing field', (r) => delete r.requestedBy],
  ];
  it.each(malformed)('refuses %s', (_, corrupt) => {
    const data = JSON.parse(JSON.stringify(record()));
    corrupt(data);
    expect(() => parseEventsRemoved(data)).toThrow(InvalidRemovalRecordError);
  });

  it('refuses what is not an object', () => {
    for (const data of [null, undefined, 'x', [record()]]) expect(() => parseEventsRemoved(data)).toThrow(InvalidRemovalRecordError);
  });
});

describe('RemovedEventsIndex', () => {
  const recordPosition = { commit: 20n, prepare: 20n };
  const index = RemovedEventsIndex.of([{ data: record(), position: recordPosition }]);

  it('finds a removed event by position and by stream and revision', () => {
    const expected = {
      streamName: 'tokenFamily-1',
      revision: 1n,
      type: 'TokenRevoked',
      position: { commit: 12n, prepare: 12n },
      contentHash: hashB,
      reason: 'retention',
      removedAt: 1_796_000_000_000,
      recordPosition,
    };
    expect(index.size).toBe(2);
    expect(index.byPosition({ commit: 12n, prepare: 12n })).toEqual(expected);
    expect(index.byStreamRevision('tokenFamily-1', 1n)).toEqual(expected);
    expect(index.byPosition({ commit: 11n, prepare: 11n })).toBeUndefined();
    expect(index.byStreamRevision('tokenFamily-1', 2n)).toBeUndefined();
  });

  it('gives the leaf hash of a removed event from the record alone', () => {
    expect(index.leafHashOf({ commit: 10n, prepare: 10n })).toBe(
      ledgerLeafHash({ streamName: 'tokenFamily-1', revision: 0n, type: 'TokenIssued', position: { commit: 10n, prepare: 10n }, contentHash: hashA }),
    );
    expect(index.leafHashOf({ commit: 11n, prepare: 11n })).toBeUndefined();
  });

  it('keeps the first record of an event, ignores a repeat and lists a record that disagrees', () => {
    const retried = record();
    const disagreeing: EventsRemovedData = {
      ...record(),
      streams: [{ streamName: 'tokenFamily-1', events: [{ ...record().streams[0].events[0], contentHash: hashB }] }],
    };
    const twice = RemovedEventsIndex.of([{ data: record() }, { data: retried }, { data: disagreeing }]);
    expect(twice.size).toBe(2);
    expect(twice.byStreamRevision('tokenFamily-1', 0n)?.contentHash).toBe(hashA);
    expect(twice.conflicts).toEqual([expect.objectContaining({ revision: 0n, contentHash: hashB })]);
  });
});
