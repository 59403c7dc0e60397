import { accessTokenToExplain, refreshTokenToExplain, tokenIdToExplain } from './token-why';

describe('what a presented token or id asks about', () => {
  it('a token id names its family before the first dot; anything else names none', () => {
    expect(tokenIdToExplain('fam_1.3')).toEqual({ familyId: 'fam_1', query: { kind: 'token_id', id: 'fam_1.3' } });
    expect(tokenIdToExplain('fam_1.at.x')).toEqual({ familyId: 'fam_1', query: { kind: 'token_id', id: 'fam_1.at.x' } });
    for (const id of ['fam_1', '', '.3', 'fam/1.3']) expect(tokenIdToExplain(id)).toBeNull();
  });

  it('a verified refresh token keeps only its family, sequence and hash; an access token its jti', () => {
    expect(refreshTokenToExplain({ familyId: 'fam_1', sequence: 2, hash: 'ab', secret: 'never kept' } as never)).toEqual({
      familyId: 'fam_1',
      query: { kind: 'refresh_token', sequence: 2, hash: 'ab' },
    });
    expect(accessTokenToExplain('fam_1.x')).toEqual({ familyId: 'fam_1', query: { kind: 'access_token', jti: 'fam_1.x' } });
    expect(accessTokenToExplain(42)).toBeNull();
    expect(accessTokenToExplain('')).toBeNull();
  });
});
