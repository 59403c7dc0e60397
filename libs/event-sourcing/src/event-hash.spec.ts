import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { eventHash, eventHashOfJson } from './event-hash';

/** The definition: SHA-256 of the canonical JSON of the whole event. */
const definition = (e: { streamName: string; revision: bigint; id: string; type: string; data: unknown; metadata: Record<string, unknown> }) =>
  createHash('sha256')
    .update(canonicalJson({ streamName: e.streamName, revision: e.revision.toString(), id: e.id, type: e.type, data: e.data, metadata: e.metadata }))
    .digest('hex');

/** JSON values as they read back from storage. */
const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
/** Arbitrary events whose `data` is drawn from `data`. */
const events = (data: fc.Arbitrary<unknown>) =>
  fc.record({
    streamName: fc.string(),
    revision: fc.bigInt({ min: 0n, max: 2n ** 63n }),
    id: fc.uuid(),
    type: fc.string(),
    data,
    metadata: fc.dictionary(fc.string(), json),
  });

describe('eventHash', () => {
  it('equals the definition for arbitrary events (property)', () => {
    const event = events(fc.oneof(json, fc.constant(undefined)));
    fc.assert(
      fc.property(event, (e) => {
        const expected = definition(e);
        expect(eventHash(e)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('from canonical JSON texts equals the definition, so a writer can store the text it hashed (property)', () => {
    fc.assert(
      fc.property(events(json), (e) => {
        expect(eventHashOfJson(e, canonicalJson(e.data), canonicalJson(e.metadata))).toBe(definition(e));
      }),
      { numRuns: 500 },
    );
  });

  it('is a known value for a fixed event (the hashes already in stored chains stay valid)', () => {
    const e = { streamName: 'family-1', revision: 2n, id: '0190a000-0000-7000-8000-000000000001', type: 'TokenRefreshed', data: { b: 1, a: [true, null] }, metadata: { previousEventHash: null, actor: 'client:c' } };
    expect(eventHash(e)).toBe(definition(e));
    expect(eventHash(e)).toMatchInlineSnapshot(`"948fcd06abd33142e09c9506b2b62d6bdfe297401baab92f0e04392e45a43ec5"`);
  });
});
