import type { TokenFamilyEvent } from '../token-family/token-family.events';
import {
  ABSOLUTE_EXPIRY,
  CLIENT_ID,
  DAY,
  FAMILY_ID,
  MINUTE,
  SECOND,
  T0,
  WINDOW_MS,
  accessToken,
  reuseRevoked,
  revokeAccessToken,
  rotated,
  tokenIssued,
  tokenRevoked,
} from '../token-family/token-family.fixtures';
import { tokenFamilyDecider } from '../token-family/token-family.decider';
import { foldDocuments } from './projection';
import {
  canRefreshAt,
  familyExpiresAt,
  familyStatusAt,
  tokenFamiliesProjection,
  type TokenFamilyDocument,
} from './token-families.projection';

/** Given events, the `token_families` document of the fixture family (or undefined). */
function familyAfter(events: readonly TokenFamilyEvent[]): TokenFamilyDocument | undefined {
  return foldDocuments(tokenFamiliesProjection, events).get(FAMILY_ID);
}

const ISSUED_DOCUMENT: TokenFamilyDocument = {
  familyId: FAMILY_ID,
  subjectRef: 'plain:00u_alice',
  personal: null,
  clientId: CLIENT_ID,
  authorizationServerId: 'default',
  grantType: 'authorization_code',
  scopes: ['openid', 'profile', 'offline_access'],
  issuedAt: T0,
  lastRefreshedAt: null,
  refreshExpiresAt: ABSOLUTE_EXPIRY,
  idleExpiresAt: T0 + WINDOW_MS,
  accessExpiresAt: accessToken(T0).exp * 1000,
  expiresAt: T0 + WINDOW_MS,
  revokedAt: null,
  revokeReason: null,
  revokedBy: null,
  generation: 0,
};

describe('token_families projection', () => {
  it('handles exactly the token-family events, one document per family', () => {
    expect(tokenFamiliesProjection.handledEventTypes).toEqual(['TokenIssued', 'TokenRefreshed', 'TokenRevoked', 'EventsRemoved']);
    expect(tokenFamiliesProjection.documentIds(tokenIssued())).toEqual([FAMILY_ID]);
    expect(tokenFamiliesProjection.documentIds({ type: 'ClientRegistered', data: { clientId: 'x' } })).toEqual([]);
  });

  it('a removal record listing the family stream deletes its document; other streams and malformed records touch nothing', () => {
    const removed = {
      type: 'EventsRemoved',
      data: { streams: [{ streamName: `tokenFamily-${FAMILY_ID}` }, { streamName: 'clientAssertion-c-1' }, { streamName: 'tokenFamily-' }, null] },
    };
    expect(tokenFamiliesProjection.documentIds(removed)).toEqual([FAMILY_ID]);
    expect(tokenFamiliesProjection.documentIds({ type: 'EventsRemoved', data: { streams: 'all' } })).toEqual([]);
    expect(tokenFamiliesProjection.documentIds({ type: 'EventsRemoved', data: null })).toEqual([]);
    expect(foldDocuments(tokenFamiliesProjection, [tokenIssued(), removed]).get(FAMILY_ID)).toBeUndefined();
  });

  it('an access token revoked on its own leaves the family document as it was (the family stays active)', () => {
    const [revoked] = tokenFamilyDecider.decide(revokeAccessToken(T0, T0 + MINUTE), tokenFamilyDecider.evolve(tokenFamilyDecider.initialState(), tokenIssued()));
    expect(revoked.type).toBe('AccessTokenRevoked');
    expect(tokenFamiliesProjection.documentIds(revoked)).toEqual([]);
    expect(familyAfter([tokenIssued(), revoked])).toStrictEqual(ISSUED_DOCUMENT);
  });

  it('TokenIssued -> the family with its lifetimes, active', () => {
    expect(familyAfter([tokenIssued()])).toStrictEqual(ISSUED_DOCUMENT);
  });

  it('TokenRefreshed slides the idle expiry and counts the generation; the absolute expiry stays', () => {
    const at = T0 + 2 * DAY;
    expect(familyAfter([tokenIssued(), rotated(0, T0 + DAY), rotated(1, at)])).toStrictEqual({
      ...ISSUED_DOCUMENT,
      lastRefreshedAt: at,
      idleExpiresAt: at + WINDOW_MS,
      accessExpiresAt: accessToken(at).exp * 1000,
      expiresAt: at + WINDOW_MS,
      generation: 2,
    });
  });

  it('keeps the latest access-token expiry when a refresh mints a shorter-lived token', () => {
    const short = { ...accessToken(T0 + MINUTE), exp: Math.floor(T0 / SECOND) + 10 * 60 };
    const doc = familyAfter([tokenIssued(), rotated(0, T0 + MINUTE, { accessToken: short })]);
    expect(doc?.accessExpiresAt).toBe(accessToken(T0).exp * 1000);
  });

  it('TokenRevoked records the first revocation only; later events change nothing', () => {
    const first = tokenRevoked(T0 + DAY, { reason: 'admin', requestedBy: 'admin:service' });
    const doc = familyAfter([tokenIssued(), first, reuseRevoked(0, T0 + 2 * DAY), rotated(0, T0 + 3 * DAY)]);
    expect(doc).toStrictEqual({ ...ISSUED_DOCUMENT, revokedAt: T0 + DAY, revokeReason: 'admin', revokedBy: 'admin:service' });
  });

  it('creates nothing for events of a family it has no document for (retention dropped it)', () => {
    expect(familyAfter([rotated(0, T0 + DAY), tokenRevoked(T0 + 2 * DAY)])).toBeUndefined();
  });

  it('a repeated TokenIssued does not reset the family', () => {
    const later = tokenIssued({ issuedAt: T0 + DAY, clientId: 'other' });
    expect(familyAfter([tokenIssued(), rotated(0, T0 + MINUTE), later])?.generation).toBe(1);
  });

  describe('status at query time', () => {
    const doc = ISSUED_DOCUMENT;
    it('is active until the last token stops working, then expired', () => {
      expect(familyStatusAt(doc, doc.expiresAt - 1)).toBe('active');
      expect(familyStatusAt(doc, doc.expiresAt)).toBe('expired');
    });
    it('is revoked once revoked, whatever the time', () => {
      expect(familyStatusAt({ ...doc, revokedAt: T0 }, T0 - DAY)).toBe('revoked');
    });
    it('can refresh until the earlier of the idle and absolute expiries, never once revoked or without a refresh token', () => {
      expect(canRefreshAt(doc, doc.idleExpiresAt! - 1)).toBe(true);
      expect(canRefreshAt(doc, doc.idleExpiresAt!)).toBe(false);
      expect(canRefreshAt({ ...doc, refreshExpiresAt: T0 + MINUTE }, T0 + MINUTE - 1)).toBe(true);
      expect(canRefreshAt({ ...doc, refreshExpiresAt: T0 + MINUTE }, T0 + MINUTE)).toBe(false);
      expect(canRefreshAt({ ...doc, refreshExpiresAt: null }, T0 + MINUTE)).toBe(true);
      expect(canRefreshAt({ ...doc, revokedAt: T0 + DAY }, T0)).toBe(false);
      expect(canRefreshAt({ ...doc, idleExpiresAt: null }, T0)).toBe(false);
    });
    it('a family without a refresh token lives as long as its access token', () => {
      const exp = accessToken(T0).exp * 1000;
      expect(familyExpiresAt(null, null, exp)).toBe(exp);
      expect(familyAfter([tokenIssued({ refreshToken: null, refreshExpiresAt: null, idleExpiresAt: null })])?.expiresAt).toBe(exp);
    });
    it('ends at the earlier of the absolute and idle expiries, but not before the access token', () => {
      expect(familyExpiresAt(T0 + DAY, T0 + 2 * DAY, T0)).toBe(T0 + DAY);
      expect(familyExpiresAt(null, T0 + 2 * DAY, T0)).toBe(T0 + 2 * DAY);
      expect(familyExpiresAt(T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY)).toBe(T0 + 3 * DAY);
    });
  });
});
