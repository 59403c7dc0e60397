import { claimedClientId } from './claimed-client-id';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
/** An unsigned JWT: only its payload is read here. */
const assertion = (claims: Record<string, unknown>) =>
  `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('claimedClientId', () => {
  it('reads the Basic user name, form-decoded as RFC 6749 §2.3.1 encodes it', () => {
    expect(claimedClientId(basic('my%20client', 'secret'), {})).toBe('my client');
    expect(claimedClientId(basic('a+b', 'secret'), {})).toBe('a b');
    expect(claimedClientId(basic('app', 'pa:ss'), { client_id: 'other' })).toBe('app');
  });

  it('reads client_id, then a client assertion\'s subject', () => {
    expect(claimedClientId(undefined, { client_id: 'post-client', client_secret: 'x' })).toBe('post-client');
    expect(claimedClientId(undefined, { client_assertion: assertion({ sub: 'batch-job', iss: 'batch-job' }) })).toBe('batch-job');
    expect(claimedClientId('Bearer abc', { client_id: 'public-client' })).toBe('public-client');
  });

  it('claims nothing for what it cannot read (client authentication refuses it later)', () => {
    expect(claimedClientId(basic('', 'secret'), {})).toBeUndefined();
    expect(claimedClientId(`Basic ${Buffer.from('no-colon').toString('base64')}`, {})).toBeUndefined();
    expect(claimedClientId(basic('%E0%A4%A', 'x'), {})).toBeUndefined();
    expect(claimedClientId(undefined, { client_assertion: 'not.a.jwt' })).toBeUndefined();
    expect(claimedClientId(undefined, undefined)).toBeUndefined();
    expect(claimedClientId(undefined, { client_id: '' })).toBeUndefined();
  });
});
