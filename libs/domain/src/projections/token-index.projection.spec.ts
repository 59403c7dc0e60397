import { FAMILY_ID, MINUTE, T0, accessToken, rotated, tokenIssued, tokenRecord, tokenRevoked } from '../token-family/token-family.fixtures';
import { foldDocuments } from './projection';
import { tokenIndexProjection } from './token-index.projection';

describe('token_index projection', () => {
  it('indexes the access token and the refresh token of an issuance and of each rotation', () => {
    const docs = foldDocuments(tokenIndexProjection, [tokenIssued(), rotated(0, T0 + MINUTE)]);
    expect([...docs.values()]).toStrictEqual([
      { tokenId: accessToken(T0).jti, kind: 'access_token', familyId: FAMILY_ID, issuedAt: T0 },
      { tokenId: tokenRecord(0).id, kind: 'refresh_token', familyId: FAMILY_ID, issuedAt: T0 },
      { tokenId: accessToken(T0 + MINUTE).jti, kind: 'access_token', familyId: FAMILY_ID, issuedAt: T0 + MINUTE },
      { tokenId: tokenRecord(1).id, kind: 'refresh_token', familyId: FAMILY_ID, issuedAt: T0 + MINUTE },
    ]);
  });

  it('never rewrites an entry (a STATIC refresh names the token already indexed)', () => {
    const again = rotated(0, T0 + MINUTE, { refreshToken: tokenRecord(0), generation: 0 });
    const docs = foldDocuments(tokenIndexProjection, [tokenIssued(), again]);
    expect(docs.get(tokenRecord(0).id)).toEqual({ tokenId: tokenRecord(0).id, kind: 'refresh_token', familyId: FAMILY_ID, issuedAt: T0 });
    const existing = docs.get(tokenRecord(0).id)!;
    expect(tokenIndexProjection.evolve(existing, again, existing.tokenId)).toBe(existing);
  });

  it('revocations and families without a refresh token add no refresh entry', () => {
    expect(tokenIndexProjection.documentIds(tokenRevoked(T0))).toEqual([]);
    expect(tokenIndexProjection.documentIds(tokenIssued({ refreshToken: null }))).toEqual([accessToken(T0).jti]);
  });
});
