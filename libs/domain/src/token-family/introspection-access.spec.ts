import { TOKEN_ENDPOINT_AUTH_METHODS } from '../client/client.events';
import { introspectionAccess } from './introspection-access';

const REFUSED = { allowed: false, reason: 'not_issued_to_caller' };

describe('introspectionAccess (RFC 7662 §4)', () => {
  const publicClient = { clientId: 'spa', tokenEndpointAuthMethod: 'none' } as const;

  it('lets a public client introspect the tokens issued to itself', () => {
    expect(introspectionAccess(publicClient, 'spa')).toEqual({ allowed: true });
  });

  it('refuses a public client the tokens of any other client', () => {
    expect(introspectionAccess(publicClient, 'other-spa')).toEqual(REFUSED);
    expect(introspectionAccess(publicClient, 'resource-server')).toEqual(REFUSED);
    // Client ids are compared exactly.
    expect(introspectionAccess(publicClient, 'SPA')).toEqual(REFUSED);
    expect(introspectionAccess(publicClient, 'spa ')).toEqual(REFUSED);
  });

  it.each(TOKEN_ENDPOINT_AUTH_METHODS.filter((method) => method !== 'none'))(
    'lets a confidential client (%s) introspect any token of its server, its own and others\'',
    (tokenEndpointAuthMethod) => {
      const resourceServer = { clientId: 'resource-server', tokenEndpointAuthMethod };
      expect(introspectionAccess(resourceServer, 'spa')).toEqual({ allowed: true });
      expect(introspectionAccess(resourceServer, 'resource-server')).toEqual({ allowed: true });
    },
  );
});
