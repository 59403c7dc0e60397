import { whyInput } from './why-input';

describe('what the token lookup sends to POST /api/v1/audit/tokens/why', () => {
  it('a refresh token or an access token (a JWT) as `token`', () => {
    expect(whyInput(' tlr1.fam.0.secret.mac \n')).toEqual({ token: 'tlr1.fam.0.secret.mac' });
    expect(whyInput('eyJhbGciOiJFUzI1NiJ9.eyJqdGkiOiJ4In0.c2ln')).toEqual({ token: 'eyJhbGciOiJFUzI1NiJ9.eyJqdGkiOiJ4In0.c2ln' });
  });

  it('a refresh-token id or an access token jti as `token_id`', () => {
    expect(whyInput('Q-rmw1WTlJvS1DCNaq99Kw.2')).toEqual({ token_id: 'Q-rmw1WTlJvS1DCNaq99Kw.2' });
    expect(whyInput('ycNX2Koikq4MwOBDRBqB9Q.XGOnwWqMZT7i')).toEqual({ token_id: 'ycNX2Koikq4MwOBDRBqB9Q.XGOnwWqMZT7i' });
  });
});
