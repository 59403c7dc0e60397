import type { TokenFamilyEvent } from '../token-family/token-family.events';
import { CLIENT_ID, MINUTE, T0, reuseRevoked, rotated, tokenIssued, tokenRevoked } from '../token-family/token-family.fixtures';
import { countKeyOf, evolveFamilyCount, familyCountDeltas, type FamilyCountDocument } from './family-counts.projection';
import { foldDocuments } from './projection';
import { tokenFamiliesProjection, type TokenFamilyDocument } from './token-families.projection';

describe('family_counts', () => {
  /** Folds the family transitions of `events` into counters, as a store does. */
  function countsAfter(events: readonly TokenFamilyEvent[]): FamilyCountDocument[] {
    const families = new Map<string, TokenFamilyDocument>();
    const counters = new Map<string, FamilyCountDocument>();
    for (const event of events) {
      for (const id of tokenFamiliesProjection.documentIds(event)) {
        const before = families.get(id) ?? null;
        const after = tokenFamiliesProjection.evolve(before, event, id);
        if (after) families.set(id, after);
        for (const delta of familyCountDeltas(before, after)) {
          const key = `${delta.clientId}|${delta.state}|${delta.reason}`;
          counters.set(key, evolveFamilyCount(counters.get(key) ?? null, delta));
        }
      }
    }
    return [...counters.values()].filter((c) => c.count > 0);
  }

  const other = (n: number) => `fam_${n}`;

  it('counts families open and revoked by reason, per client, once each', () => {
    const events: TokenFamilyEvent[] = [
      tokenIssued(),
      tokenIssued({ familyId: other(1) }),
      tokenIssued({ familyId: other(2), clientId: 'second' }),
      rotated(0, T0 + MINUTE),
      reuseRevoked(0, T0 + 2 * MINUTE),
      tokenRevoked(T0 + 3 * MINUTE), // a second revocation of the same family counts nothing
      tokenRevoked(T0 + MINUTE, { familyId: other(2), reason: 'user_logout', requestedBy: 'admin:service' }),
    ];
    expect(countsAfter(events)).toEqual(
      expect.arrayContaining([
        { clientId: CLIENT_ID, state: 'open', reason: null, count: 1 },
        { clientId: CLIENT_ID, state: 'revoked', reason: 'reuse_detected', count: 1 },
        { clientId: 'second', state: 'revoked', reason: 'user_logout', count: 1 },
      ]),
    );
    expect(countsAfter(events)).toHaveLength(3);
  });

  it('a family removed from the log (a removal record) leaves its counter; none was counted for nothing', () => {
    const doc = foldDocuments(tokenFamiliesProjection, [tokenIssued()]).values().next().value as TokenFamilyDocument;
    expect(familyCountDeltas(doc, null)).toEqual([{ clientId: CLIENT_ID, state: 'open', reason: null, delta: -1 }]);
    expect(familyCountDeltas(null, null)).toEqual([]);
    expect(countKeyOf(doc)).toEqual({ clientId: CLIENT_ID, state: 'open', reason: null });
  });

  it('never goes below zero', () => {
    expect(evolveFamilyCount(null, { clientId: 'c', state: 'open', reason: null, delta: -1 }).count).toBe(0);
  });
});
