import { Logger } from '@nestjs/common';
import { tokenFamilyDecider, tokenFamilyStreamName } from '@ledger/domain';
import { AS_ID, issueTokens, MINUTE, T0, tokenRecord } from '@ledger/domain/token-family/token-family.fixtures';
import { CommandLoop } from '@ledger/event-sourcing';
import { ObservedEventStore } from '@ledger/event-sourcing/observed-event-store.fixtures';
import { InMemoryEventStore } from '@ledger/testing';
import type { AuthorizationServerView, ClientView, ConfigurationRegistry } from '../../configuration/configuration.registry';
import { tokenFamilyLoader, type TokenFamilyLoader } from '../shared/family-loader';
import { revokeFamily } from '../shared/revoke-family';
import type { LocatedToken, TokenLocator } from '../shared/token-locator';
import { IntrospectTokenHandler } from './introspect-token.handler';
import { IntrospectTokenQuery } from './introspect-token.query';

/** The events of this spec are plaintext (no encoder on its loop). */
const loadTokenFamily = tokenFamilyLoader();

const NOW = T0 + MINUTE;
const context = { requestId: 'req-given', correlationId: 'corr-given', actor: 'admin:service' };
const SERVER = { id: AS_ID, issuer: 'http://issuer.test/oauth2/default', audiences: ['api://default'] } as unknown as AuthorizationServerView;

/** A client as the authenticator hands it to the query; only its id and method matter here. */
const client = (clientId: string, tokenEndpointAuthMethod: ClientView['tokenEndpointAuthMethod']) => ({ clientId, tokenEndpointAuthMethod }) as ClientView;
const SPA = client('spa', 'none');
const OTHER_SPA = client('other-spa', 'none');
const RESOURCE_SERVER = client('resource-server', 'client_secret_basic');

/**
 * Handler tier: the real handler and command loop on the in-memory reference store (observed,
 * to count what each answer reads), with the token locator and the registry stubbed (the
 * presented strings name prepared tokens; signatures and MACs are the locator's own specs).
 */
describe('IntrospectTokenHandler: who may introspect what (RFC 7662 §4)', () => {
  const store = new ObservedEventStore(new InMemoryEventStore());
  const loop = new CommandLoop(store);
  const located = new Map<string, LocatedToken>();
  const locator = { locate: async (_server: AuthorizationServerView, token: string) => located.get(token) ?? { kind: 'unknown' } } as TokenLocator;
  /** Clients the registry says were INACTIVE where their families began (issued by a replica behind on a deactivation). */
  const inactiveAtIssuance = new Set<string>();
  const registry = {
    requireServer: () => SERVER,
    clientStatusAt: (clientId: string) => (inactiveAtIssuance.has(clientId) ? 'INACTIVE' : 'ACTIVE'),
  } as unknown as ConfigurationRegistry;
  const handler = new IntrospectTokenHandler({ now: () => NOW }, loop, registry, locator, { load: loadTokenFamily } as TokenFamilyLoader);
  let debug: jest.SpyInstance;

  /** Issues a family to `clientId`; the presented strings `<familyId>:refresh` and `<familyId>:access` name its tokens. */
  async function family(familyId: string, clientId: string, options: { revoked?: boolean } = {}): Promise<void> {
    const issue = issueTokens({ familyId, clientId, refreshToken: tokenRecord(0, familyId), accessToken: { jti: `${familyId}.at0`, iat: T0 / 1000, exp: T0 / 1000 + 3600 } });
    const streamName = tokenFamilyStreamName(familyId);
    await loop.run({ streamName, decider: tokenFamilyDecider, load: loadTokenFamily, command: issue, commandId: `issue-${familyId}`, metadata: context });
    if (options.revoked) {
      await revokeFamily(loop, loadTokenFamily, { familyId, tokenId: `${familyId}.0`, reason: 'client_request', requestedBy: context.actor, authorizationServerId: AS_ID, now: NOW }, context);
    }
    const { id, sequence, hash } = tokenRecord(0, familyId);
    located.set(`${familyId}:refresh`, { kind: 'refresh_token', familyId, parsed: { familyId, id, sequence, hash, secret: 'not-used' } });
    located.set(`${familyId}:access`, {
      kind: 'access_token',
      familyId,
      claims: { jti: `${familyId}.at0`, sub: '00u_alice', client_id: clientId, scope: 'openid', iat: T0 / 1000, exp: T0 / 1000 + 3600, iss: SERVER.issuer, aud: 'api://default' },
    });
  }

  /** The answer, the reason logged for it, and how many store calls it made. */
  async function introspect(caller: ClientView, token: string) {
    const before = store.reads.length + store.revisionLookups;
    debug.mockClear();
    const answer = await handler.execute(new IntrospectTokenQuery(AS_ID, caller, token, 'req-1'));
    const logged = debug.mock.calls.map(([line]) => line as { msg: string; reason: string; requestId: string; clientId: string });
    return { answer, logged, storeCalls: store.reads.length + store.revisionLookups - before };
  }

  beforeAll(async () => {
    debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    await family('famSpa', SPA.clientId);
    await family('famOtherSpa', OTHER_SPA.clientId);
    await family('famServer', RESOURCE_SERVER.clientId);
    await family('famOtherSpaRevoked', OTHER_SPA.clientId, { revoked: true });
  });
  afterAll(() => debug.mockRestore());

  it.each(['famSpa:refresh', 'famSpa:access'])('a public client introspects its own token (%s)', async (token) => {
    const { answer, logged } = await introspect(SPA, token);
    expect(answer).toMatchObject({ active: true, client_id: 'spa', sub: '00u_alice' });
    expect(logged).toEqual([]);
  });

  it.each(['famOtherSpa:refresh', 'famOtherSpa:access', 'famServer:refresh', 'famServer:access', 'famOtherSpaRevoked:refresh', 'famOtherSpaRevoked:access'])(
    'a public client asking about %s gets the unknown token\'s body, after the very reads a resource server\'s answer makes, and the reason is logged',
    async (token) => {
      const unknown = await introspect(SPA, 'no-such-token');
      const foreign = await introspect(SPA, token);
      expect(foreign.answer).toEqual(unknown.answer);
      expect(foreign.answer).toEqual({ active: false });
      // The rule adds no read and saves none: the family is loaded as for a caller that may see
      // it, and the refusal comes before any check of the token's status.
      expect(foreign.storeCalls).toBeGreaterThan(0);
      expect(foreign.storeCalls).toBe((await introspect(RESOURCE_SERVER, token)).storeCalls);
      expect(unknown.logged).toEqual([{ msg: 'introspection inactive', requestId: 'req-1', clientId: 'spa', reason: 'unknown_token', familyId: null }]);
      expect(foreign.logged).toEqual([
        { msg: 'introspection inactive', requestId: 'req-1', clientId: 'spa', reason: 'not_issued_to_caller', familyId: token.split(':')[0] },
      ]);
    },
  );

  it('a confidential client (a resource server) introspects every client\'s tokens, and sees a revoked family as revoked', async () => {
    for (const [token, owner] of [
      ['famSpa:refresh', 'spa'],
      ['famOtherSpa:access', 'other-spa'],
      ['famServer:refresh', 'resource-server'],
    ]) {
      expect((await introspect(RESOURCE_SERVER, token)).answer).toMatchObject({ active: true, client_id: owner });
    }
    const revoked = await introspect(RESOURCE_SERVER, 'famOtherSpaRevoked:refresh');
    expect(revoked.answer).toEqual({ active: false });
    expect(revoked.logged).toMatchObject([{ reason: 'family_revoked', clientId: 'resource-server' }]);
  });

  it('a family issued while its client was INACTIVE introspects inactive, every token of it, before its first refresh revokes it', async () => {
    await family('famWindow', 'window-client');
    expect((await introspect(RESOURCE_SERVER, 'famWindow:refresh')).answer).toMatchObject({ active: true });
    inactiveAtIssuance.add('window-client');
    for (const token of ['famWindow:refresh', 'famWindow:access']) {
      const answer = await introspect(RESOURCE_SERVER, token);
      expect(answer.answer).toEqual({ active: false });
      expect(answer.logged).toMatchObject([{ reason: 'issued_while_client_inactive', familyId: 'famWindow' }]);
    }
  });

  it('a public client still sees its own revoked family as inactive, for the family\'s reason', async () => {
    const revoked = await introspect(OTHER_SPA, 'famOtherSpaRevoked:access');
    expect(revoked.answer).toEqual({ active: false });
    expect(revoked.logged).toMatchObject([{ reason: 'family_revoked', clientId: 'other-spa' }]);
  });
});
