import fc from 'fast-check';
import { deciderSpec } from '../testing/decider-spec';
import { classifyRefresh, tokenFamilyDecider } from './token-family.decider';
import { FamilyAlreadyExists, RefreshRejected, type RefreshFailureReason } from './token-family.errors';
import type { TokenFamilyEvent } from './token-family.events';
import {
  ABSOLUTE_EXPIRY,
  AS_ID,
  CLIENT_ID,
  DAY,
  FAMILY_ID,
  GRANTED,
  LIFETIMES,
  MINUTE,
  PROVENANCE,
  SECOND,
  STATIC,
  T0,
  WINDOW_MS,
  accessToken,
  idToken,
  issueTokens,
  policyRule,
  policyView,
  presented,
  refreshTokens,
  refreshed,
  reuseRevoked,
  revokeFamily,
  rotated,
  tokenIssued,
  tokenRecord,
  tokenRevoked,
} from './token-family.fixtures';
import { tokenFamilyStreamName } from './token-family.stream';

const given = deciderSpec(tokenFamilyDecider);

/** A refusal the decider throws: the OAuth code follows from the reason. */
function rejected(reason: RefreshFailureReason) {
  const code = reason === 'scope_widening' ? 'invalid_scope' : reason === 'no_matching_rule' ? 'access_denied' : 'invalid_grant';
  return { error: expect.objectContaining({ name: 'RefreshRejected', code, reason }) };
}

function fold(events: readonly TokenFamilyEvent[]) {
  return events.reduce(tokenFamilyDecider.evolve, tokenFamilyDecider.initialState());
}

const T1 = T0 + 2 * DAY;

/** A STATIC family's first refresh at `at`: the same token, no rotation. */
function staticRefreshed(at: number) {
  return refreshed({
    generation: 0,
    presentedRefreshTokenId: tokenRecord(0).id,
    refreshToken: tokenRecord(0),
    previousRefreshToken: null,
    rotatedAt: null,
    accessToken: accessToken(at),
    idToken: idToken(at),
    idleExpiresAt: at + WINDOW_MS,
    refreshedAt: at,
  });
}

describe('token family decider', () => {
  describe('IssueTokens', () => {
    it('issues a family with a refresh token, its absolute expiry and its idle window', () => {
      given([]).when(issueTokens()).then([tokenIssued()]);
    });

    it('refuses to issue into an existing family (a broken invariant, so it throws)', () => {
      given([tokenIssued()])
        .when(issueTokens())
        .then({ error: expect.objectContaining({ name: 'FamilyAlreadyExists', code: 'conflict', familyId: FAMILY_ID }) });
    });

    it('issues no refresh token without offline_access, even if the handler minted one', () => {
      given([])
        .when(issueTokens({ scopes: ['openid', 'profile'] }))
        .then([
          tokenIssued({ scopes: ['openid', 'profile'], refreshToken: null, refreshExpiresAt: null, idleExpiresAt: null }),
        ]);
    });

    it('records no absolute expiry when the refresh lifetime is unlimited (0)', () => {
      const lifetimes = { ...LIFETIMES, refreshTokenMinutes: 0 };
      given([])
        .when(issueTokens({ lifetimes }))
        .then([tokenIssued({ lifetimes, refreshExpiresAt: null })]);
    });

    it('records an ID token only when openid is granted', () => {
      given([])
        .when(issueTokens({ scopes: ['profile', 'offline_access'] }))
        .then([tokenIssued({ scopes: ['profile', 'offline_access'], idToken: null })]);
    });

    it('records username, groups and auth_time only when the login service sent them', () => {
      const { username: _u, groups: _g, authTime: _a, ...bare } = tokenIssued().data;
      given([])
        .when(issueTokens({ username: undefined, groups: undefined, authTime: undefined }))
        .then([{ type: 'TokenIssued', data: bare }]);
    });

    it('records the user id the login service sent, and keeps it in the family for its refreshes', () => {
      given([])
        .when(issueTokens({ userId: '00u1a2b3c4' }))
        .then([tokenIssued({ userId: '00u1a2b3c4' })]);
      expect(fold([tokenIssued({ userId: '00u1a2b3c4' }), rotated(0, T1)])).toMatchObject({ userId: '00u1a2b3c4' });
      expect(fold([tokenIssued()])).toMatchObject({ userId: null });
    });

    it('keeps a client_credentials family without refresh token (no offline_access, no openid)', () => {
      given([])
        .when(issueTokens({ scopes: ['api:read'], grantType: 'client_credentials', refreshToken: null, idToken: null }))
        .then([
          tokenIssued({
            scopes: ['api:read'],
            grantType: 'client_credentials',
            refreshToken: null,
            idToken: null,
            refreshExpiresAt: null,
            idleExpiresAt: null,
          }),
        ]);
    });
  });

  describe('RefreshTokens: rotation', () => {
    it('ROTATE: hands out the successor, keeps the presented token as previous, advances the generation', () => {
      given([tokenIssued()]).when(refreshTokens(0, T1)).then([rotated(0, T1)]);
    });

    it('ROTATE: the next refresh uses the successor', () => {
      given([tokenIssued(), rotated(0, T1)])
        .when(refreshTokens(1, T1 + DAY))
        .then([rotated(1, T1 + DAY)]);
    });

    it('STATIC: returns the same refresh token, generation and previous unchanged', () => {
      const staticRefresh = staticRefreshed(T1);
      given([tokenIssued({ rotation: STATIC })]).when(refreshTokens(0, T1)).then([staticRefresh]);
      given([tokenIssued({ rotation: STATIC }), staticRefresh])
        .when(refreshTokens(0, T1 + DAY))
        .then([
          refreshed({
            ...staticRefresh.data,
            accessToken: accessToken(T1 + DAY),
            idToken: idToken(T1 + DAY),
            idleExpiresAt: T1 + DAY + WINDOW_MS,
            refreshedAt: T1 + DAY,
          }),
        ]);
    });

    it('never extends the absolute expiry by rotation', () => {
      const history = [tokenIssued(), rotated(0, T0 + 6 * DAY), rotated(1, T0 + 12 * DAY), rotated(2, T0 + 18 * DAY), rotated(3, T0 + 24 * DAY)];
      expect(fold(history)).toMatchObject({ status: 'active', refreshExpiresAt: ABSOLUTE_EXPIRY, generation: 4 });
      given(history)
        .when(refreshTokens(4, ABSOLUTE_EXPIRY - 1))
        .then([rotated(4, ABSOLUTE_EXPIRY - 1)]);
      given(history).when(refreshTokens(4, ABSOLUTE_EXPIRY)).then(rejected('absolute_expired'));
    });

    it('lets an unlimited family refresh long after any fixed lifetime', () => {
      const lifetimes = { ...LIFETIMES, refreshTokenMinutes: 0 };
      const farFuture = T0 + 400 * DAY;
      const history = [tokenIssued({ lifetimes, refreshExpiresAt: null }), rotated(0, farFuture - DAY)];
      given(history).when(refreshTokens(1, farFuture)).then([rotated(1, farFuture)]);
    });
  });

  describe('RefreshTokens: idle window', () => {
    it('expires a token not used within the window', () => {
      given([tokenIssued()]).when(refreshTokens(0, T0 + WINDOW_MS - 1)).then([rotated(0, T0 + WINDOW_MS - 1)]);
      given([tokenIssued()]).when(refreshTokens(0, T0 + WINDOW_MS)).then(rejected('idle_expired'));
    });

    it('slides the window on each use, then expires once unused for a whole window', () => {
      const used = T0 + 6 * DAY;
      const history = [tokenIssued(), rotated(0, used)];
      // Past the first window, but inside the one the use opened.
      given(history).when(refreshTokens(1, T0 + 12 * DAY)).then([rotated(1, T0 + 12 * DAY)]);
      given(history).when(refreshTokens(1, used + WINDOW_MS)).then(rejected('idle_expired'));
    });
  });

  describe('RefreshTokens: leeway', () => {
    const history = [tokenIssued(), rotated(0, T1)];
    const retried = (at: number) =>
      rotated(0, T1, {
        generation: 1,
        leewayRetry: true,
        accessToken: accessToken(at),
        idToken: idToken(at),
        idleExpiresAt: at + WINDOW_MS,
        refreshedAt: at,
      });

    it('a retry with the previous token returns the same successor and does not advance the generation', () => {
      given(history).when(refreshTokens(0, T1 + 10 * SECOND)).then([retried(T1 + 10 * SECOND)]);
    });

    it('counts the leeway from the rotation, not from earlier retries', () => {
      const afterRetry = [...history, retried(T1 + 20 * SECOND)];
      given(afterRetry).when(refreshTokens(0, T1 + 30 * SECOND - 1)).then([retried(T1 + 30 * SECOND - 1)]);
      given(afterRetry).when(refreshTokens(0, T1 + 30 * SECOND)).then([reuseRevoked(0, T1 + 30 * SECOND)]);
    });

    it('is over exactly at rotatedAt + leeway: the previous token is then reuse', () => {
      given(history).when(refreshTokens(0, T1 + 30 * SECOND)).then([reuseRevoked(0, T1 + 30 * SECOND)]);
    });

    it('with leeway 0, the previous token is reuse even in the same millisecond', () => {
      const noLeeway = [tokenIssued({ rotation: { type: 'ROTATE', leewaySeconds: 0 } }), rotated(0, T1)];
      given(noLeeway).when(refreshTokens(0, T1)).then([reuseRevoked(0, T1)]);
    });

    it('refuses a retry whose derived successor is not the current token, without revoking', () => {
      const otherSuccessor = { ...tokenRecord(1), hash: 'f'.repeat(64) };
      given(history)
        .when(refreshTokens(0, T1 + SECOND, { presented: presented(0, { successor: otherSuccessor }) }))
        .then(rejected('unknown_token'));
    });

    it('a revocation inside the leeway ends it: the previous token is then refused as family_revoked, not retried', () => {
      const revokedInLeeway = [...history, tokenRevoked(T1 + 5 * SECOND)];
      given(revokedInLeeway).when(refreshTokens(0, T1 + 10 * SECOND)).then(rejected('family_revoked'));
      given(revokedInLeeway).when(refreshTokens(1, T1 + 10 * SECOND)).then(rejected('family_revoked'));
    });

    it('the current token keeps working after a retry', () => {
      given([...history, retried(T1 + 5 * SECOND)])
        .when(refreshTokens(1, T1 + MINUTE))
        .then([rotated(1, T1 + MINUTE)]);
    });
  });

  describe('RefreshTokens: reuse detection', () => {
    it('revokes the family when the previous token is presented outside the leeway', () => {
      given([tokenIssued(), rotated(0, T1)])
        .when(refreshTokens(0, T1 + 31 * SECOND))
        .then([reuseRevoked(0, T1 + 31 * SECOND)]);
    });

    it('revokes the family when an older generation is presented, even inside the leeway', () => {
      const history = [tokenIssued(), rotated(0, T1), rotated(1, T1 + MINUTE), rotated(2, T1 + 2 * MINUTE)];
      given(history).when(refreshTokens(1, T1 + 2 * MINUTE + SECOND)).then([reuseRevoked(1, T1 + 2 * MINUTE + SECOND)]);
      given(history).when(refreshTokens(0, T1 + 2 * MINUTE + SECOND)).then([reuseRevoked(0, T1 + 2 * MINUTE + SECOND)]);
    });

    it('revokes on reuse even after the family expired (reuse is checked before expiry)', () => {
      const late = ABSOLUTE_EXPIRY + DAY;
      given([tokenIssued(), rotated(0, T1)]).when(refreshTokens(0, late)).then([reuseRevoked(0, late)]);
    });

    it('classifies the decided events for the handler', () => {
      const refreshedEvent = rotated(0, T1);
      const revokedEvent = reuseRevoked(0, T1);
      expect(classifyRefresh([refreshedEvent])).toEqual({ outcome: 'refreshed', event: refreshedEvent });
      expect(classifyRefresh([revokedEvent])).toEqual({ outcome: 'reuse_detected', event: revokedEvent });
      expect(() => classifyRefresh([])).toThrow('not the outcome of a refresh: no events');
      expect(() => classifyRefresh([tokenRevoked(T1)])).toThrow('not the outcome of a refresh: TokenRevoked');
      expect(() => classifyRefresh([refreshedEvent, revokedEvent])).toThrow('not the outcome of a refresh: TokenRefreshed, TokenRevoked');
      // Equivalent mutant (decider :125, `event.type === 'TokenRevoked'` -> true): only a
      // TokenRevoked has a `reason`, so the reason check alone tells the same events apart.
    });
  });

  describe('RefreshTokens: a family issued while its client was INACTIVE (by a replica behind on the deactivation)', () => {
    const inactive = { clientStatusAtIssuance: 'INACTIVE' as const };
    const revokedForClient = (sequence: number, at: number) =>
      tokenRevoked(at, { tokenId: presented(sequence).id, reason: 'client_disabled', requestedBy: 'system' });

    it('never refreshes: the first presentation revokes it (client_disabled, by the system), whatever the client is now', () => {
      given([tokenIssued()]).when(refreshTokens(0, T1, inactive)).then([revokedForClient(0, T1)]);
      given([tokenIssued(), rotated(0, T1)]).when(refreshTokens(1, T1 + MINUTE, inactive)).then([revokedForClient(1, T1 + MINUTE)]);
    });

    it('refreshes as usual when the client was ACTIVE then, or when the status is not known', () => {
      given([tokenIssued()]).when(refreshTokens(0, T1, { clientStatusAtIssuance: 'ACTIVE' })).then([rotated(0, T1)]);
      given([tokenIssued()]).when(refreshTokens(0, T1)).then([rotated(0, T1)]);
    });

    it('refuses a string that matches no token of the family without revoking it, and a revoked family as revoked', () => {
      given([tokenIssued()]).when(refreshTokens(2, T1, inactive)).then(rejected('unknown_token'));
      given([tokenIssued(), tokenRevoked(T1)]).when(refreshTokens(0, T1 + MINUTE, inactive)).then(rejected('family_revoked'));
    });

    it('is classified for the handler', () => {
      const event = revokedForClient(0, T1);
      expect(classifyRefresh([event])).toEqual({ outcome: 'issued_while_client_inactive', event });
      // An administrator's client_disabled revocation is no refresh outcome.
      expect(() => classifyRefresh([tokenRevoked(T1, { reason: 'client_disabled', requestedBy: 'admin:service' })])).toThrow('not the outcome of a refresh');
      // Nor is a system revocation for another reason.
      expect(() => classifyRefresh([tokenRevoked(T1, { requestedBy: 'system' })])).toThrow('not the outcome of a refresh');
    });
  });

  /*
   * Equivalent mutants of matchPresented and the expiry checks, each unreachable by a history
   * the decider can produce:
   * - :293 (`type === 'ROTATE' &&` dropped or made `||`): a STATIC family never has a previous
   *   token, so the leeway branch only ever sees ROTATE families;
   * - :293 (`state.rotatedAt !== null` -> true): a previous token exists only after a rotation,
   *   which sets rotatedAt;
   * - :298 (`sequence < current.sequence` -> `<=`): the current sequence returned earlier;
   * - :219 (`state.idleExpiresAt !== null` -> true): it is null only without a refresh token,
   *   refused before as no_refresh_token.
   */
  describe('RefreshTokens: strings that match no token are refused without revoking', () => {
    const history = [tokenIssued(), rotated(0, T1)];
    const at = T1 + 5 * SECOND;

    it('a future sequence', () => {
      given(history).when(refreshTokens(2, at)).then(rejected('unknown_token'));
    });

    it('the current sequence with a wrong hash', () => {
      given(history)
        .when(refreshTokens(1, at, { presented: presented(1, { hash: '0'.repeat(64) }) }))
        .then(rejected('unknown_token'));
    });

    it('the previous sequence with a wrong hash, inside or outside the leeway', () => {
      const wrongPrevious = { presented: presented(0, { hash: '0'.repeat(64) }) };
      given(history).when(refreshTokens(0, at, wrongPrevious)).then(rejected('unknown_token'));
      given(history).when(refreshTokens(0, T1 + DAY, wrongPrevious)).then(rejected('unknown_token'));
    });

    it('a negative or fractional sequence', () => {
      given(history).when(refreshTokens(-1, at)).then(rejected('unknown_token'));
      given(history).when(refreshTokens(0.5, at)).then(rejected('unknown_token'));
    });

    it('a token of another family', () => {
      given(history)
        .when(refreshTokens(1, at, { presented: presented(1, { familyId: 'fam_other' }) }))
        .then(rejected('unknown_token'));
    });

    it('a family that does not exist', () => {
      given([]).when(refreshTokens(0, at)).then(rejected('unknown_token'));
    });
  });

  describe('RefreshTokens: scopes', () => {
    it('narrows the response when a subset is requested; the grant stays whole', () => {
      const narrowing = refreshTokens(0, T1, { requestedScopes: ['offline_access', 'openid'] });
      const narrowed = rotated(0, T1, { narrowedScopes: ['openid', 'offline_access'] });
      given([tokenIssued()]).when(narrowing).then([narrowed]);
      expect(fold([tokenIssued(), narrowed])).toMatchObject({ scopes: [...GRANTED] });
      given([tokenIssued(), narrowed]).when(refreshTokens(1, T1 + DAY)).then([rotated(1, T1 + DAY)]);
    });

    it('treats a request for exactly the grant (any order) or for nothing as the whole grant', () => {
      given([tokenIssued()])
        .when(refreshTokens(0, T1, { requestedScopes: ['offline_access', 'profile', 'openid', 'openid'] }))
        .then([rotated(0, T1)]);
      given([tokenIssued()]).when(refreshTokens(0, T1, { requestedScopes: [] })).then([rotated(0, T1)]);
    });

    it('refuses a widening with invalid_scope', () => {
      given([tokenIssued()])
        .when(refreshTokens(0, T1, { requestedScopes: ['openid', 'email'] }))
        .then(rejected('scope_widening'));
    });

    it('records an ID token only when openid is in the response', () => {
      given([tokenIssued()])
        .when(refreshTokens(0, T1, { requestedScopes: ['profile', 'offline_access'] }))
        .then([rotated(0, T1, { narrowedScopes: ['profile', 'offline_access'], idToken: null })]);
      given([tokenIssued({ scopes: ['profile', 'offline_access'], idToken: null })])
        .when(refreshTokens(0, T1))
        .then([rotated(0, T1, { idToken: null })]);
    });
  });

  describe('RefreshTokens: who may refresh', () => {
    it('refuses another client, without revoking even for a rotated-out token', () => {
      const history = [tokenIssued(), rotated(0, T1)];
      given(history).when(refreshTokens(1, T1 + DAY, { clientId: 'other_client' })).then(rejected('client_mismatch'));
      given(history).when(refreshTokens(0, T1 + DAY, { clientId: 'other_client' })).then(rejected('client_mismatch'));
    });

    it('refuses a token of another authorization server', () => {
      given([tokenIssued()])
        .when(refreshTokens(0, T1, { authorizationServerId: 'aus_partner' }))
        .then(rejected('wrong_authorization_server'));
    });

    it('refuses a revoked family (checked after server and client, before the token)', () => {
      const revoked = [tokenIssued(), rotated(0, T1), tokenRevoked(T1 + MINUTE)];
      given(revoked).when(refreshTokens(1, T1 + 2 * MINUTE)).then(rejected('family_revoked'));
      given(revoked).when(refreshTokens(7, T1 + 2 * MINUTE)).then(rejected('family_revoked'));
      given(revoked)
        .when(refreshTokens(1, T1 + 2 * MINUTE, { clientId: 'other_client' }))
        .then(rejected('client_mismatch'));
    });

    it('refuses a family that has no refresh token', () => {
      given([tokenIssued({ scopes: ['openid'], refreshToken: null, refreshExpiresAt: null, idleExpiresAt: null })])
        .when(refreshTokens(0, T1))
        .then(rejected('no_refresh_token'));
    });
  });

  describe('RefreshTokens: the policy in force, checked after everything that makes a token unusable', () => {
    const inactive = policyView([policyRule({ status: 'INACTIVE' })]);
    const noRule = { policy: inactive };
    const history = [tokenIssued(), rotated(0, T1)];

    it('refuses with no_matching_rule (access_denied) when no rule matches the family any more, appending nothing', () => {
      given(history)
        .when(refreshTokens(1, T1 + MINUTE, noRule))
        .then({ error: expect.objectContaining({ name: 'RefreshRejected', code: 'access_denied', reason: 'no_matching_rule' }) });
    });

    it('a replayed token still revokes the family when no rule matches (reuse comes before policy)', () => {
      given(history).when(refreshTokens(0, T1 + DAY, noRule)).then([reuseRevoked(0, T1 + DAY)]);
    });

    it('a revoked, expired, idle, unknown or widening request is refused for that reason, not for the policy', () => {
      given([...history, tokenRevoked(T1 + MINUTE)]).when(refreshTokens(1, T1 + 2 * MINUTE, noRule)).then(rejected('family_revoked'));
      given(history).when(refreshTokens(1, ABSOLUTE_EXPIRY, noRule)).then(rejected('absolute_expired'));
      given(history).when(refreshTokens(1, T1 + WINDOW_MS, noRule)).then(rejected('idle_expired'));
      given(history).when(refreshTokens(2, T1 + MINUTE, noRule)).then(rejected('unknown_token'));
      given(history)
        .when(refreshTokens(1, T1 + MINUTE, { ...noRule, requestedScopes: ['email'] }))
        .then(rejected('scope_widening'));
    });

    it('takes the access-token lifetime and provenance from the rule that matches the family now', () => {
      const short = policyRule({ id: '0pr_short', actions: { token: { ...policyRule().actions.token, accessTokenLifetimeMinutes: 15 } } });
      const at = T1 + MINUTE;
      const minted = accessToken(at);
      given(history)
        .when(refreshTokens(1, at, { policy: { ...policyView([short]), configVersion: 9 } }))
        .then([
          rotated(1, at, {
            accessToken: { ...minted, exp: minted.iat + 15 * 60 },
            accessTokenLifetimeMinutes: 15,
            provenance: { ...PROVENANCE, ruleId: '0pr_short', configVersion: 9 },
          }),
        ]);
    });

    it("matches rules on the family's subject, groups, original grant and the response's scopes", () => {
      const at = T1 + MINUTE;
      const rule = (id: string, priority: number, conditions: Partial<ReturnType<typeof policyRule>['conditions']>, minutes: number) =>
        policyRule({
          id,
          priority,
          sequence: priority,
          conditions: { ...policyRule().conditions, ...conditions },
          actions: { token: { ...policyRule().actions.token, accessTokenLifetimeMinutes: minutes } },
        });
      const people = (groups: string[], users: string[] = []) => ({ users: { include: users, exclude: [] }, groups: { include: groups, exclude: [] } });
      const lifetimeWith = (rules: ReturnType<typeof policyRule>[], overrides: Parameters<typeof refreshTokens>[2] = {}) => {
        const [event] = tokenFamilyDecider.decide(refreshTokens(1, at, { policy: policyView(rules), ...overrides }), fold(history));
        return event.type === 'TokenRefreshed' ? event.data.accessTokenLifetimeMinutes : null;
      };
      const fallback = rule('0pr_fallback', 9, {}, 60);
      // The family was issued with groups ['Everyone'] to 00u_alice by authorization_code.
      expect(lifetimeWith([rule('0pr_admins', 1, { people: people(['Admins']) }, 5), fallback])).toBe(60);
      expect(lifetimeWith([rule('0pr_everyone', 1, { people: people(['Everyone']) }, 10), fallback])).toBe(10);
      expect(lifetimeWith([rule('0pr_alice', 1, { people: people([], ['00u_alice']) }, 20), fallback])).toBe(20);
      expect(lifetimeWith([rule('0pr_cc', 1, { grantTypes: { include: ['client_credentials'] } }, 30), fallback])).toBe(60);
      expect(lifetimeWith([rule('0pr_code', 1, { grantTypes: { include: ['authorization_code'] } }, 40), fallback])).toBe(40);
      // A rule limited to `profile` matches a response narrowed to it, not the whole grant.
      const profileOnly = rule('0pr_profile', 1, { scopes: { include: ['profile'] } }, 50);
      expect(lifetimeWith([profileOnly, fallback])).toBe(60);
      expect(lifetimeWith([profileOnly, fallback], { requestedScopes: ['profile'] })).toBe(50);
    });

    it('a family issued without groups matches no group rule (its groups fold to none)', () => {
      const { groups: _groups, ...withoutGroups } = tokenIssued().data;
      const groupOnly = policyRule({ conditions: { ...policyRule().conditions, people: { users: { include: [], exclude: [] }, groups: { include: ['Everyone'], exclude: [] } } } });
      given([{ type: 'TokenIssued', data: withoutGroups }])
        .when(refreshTokens(0, T1, { policy: policyView([groupOnly]) }))
        .then(rejected('no_matching_rule'));
    });
  });

  describe('RefreshTokens: forks and look-alike successors are refused without revoking', () => {
    it('ROTATE: a current token whose derived successor is not the next sequence would fork the lineage', () => {
      const history = [tokenIssued(), rotated(0, T1)];
      for (const sequence of [1, 3, 0]) {
        given(history)
          .when(refreshTokens(1, T1 + MINUTE, { presented: presented(1, { successor: tokenRecord(sequence) }) }))
          .then(rejected('unknown_token'));
      }
    });

    it('STATIC hands back the current token, so the successor it would derive is never checked', () => {
      const staticFamily = [tokenIssued({ rotation: STATIC })];
      given(staticFamily)
        .when(refreshTokens(0, T1, { presented: presented(0, { successor: tokenRecord(5) }) }))
        .then([staticRefreshed(T1)]);
    });

    it('a leeway retry must derive the current token exactly: same hash but another id or sequence is refused', () => {
      const history = [tokenIssued(), rotated(0, T1)];
      const at = T1 + SECOND;
      const lookAlikes = [
        { ...tokenRecord(1), id: `${FAMILY_ID}.x` },
        { ...tokenRecord(1), sequence: 2 },
        { ...tokenRecord(1), hash: tokenRecord(2).hash },
      ];
      for (const successor of lookAlikes) {
        given(history).when(refreshTokens(0, at, { presented: presented(0, { successor }) })).then(rejected('unknown_token'));
      }
    });
  });

  describe('time never runs backwards within a family (replicas whose clocks differ)', () => {
    const HOUR = 60 * MINUTE;
    const history = [tokenIssued(), rotated(0, T1)];

    it('the current token presented "before" the last rotation is decided at that rotation: no time moves back', () => {
      const early = T1 - HOUR;
      given(history)
        .when(refreshTokens(1, early))
        .then([
          rotated(1, T1, {
            // The tokens are the ones the handler minted on its own clock; the family's times are not.
            accessToken: accessToken(early),
            idToken: idToken(early),
          }),
        ]);
    });

    it('the previous token presented "before" its rotation is judged at the rotation: a retry with leeway, reuse without', () => {
      const early = T1 - HOUR;
      given(history)
        .when(refreshTokens(0, early))
        .then([
          rotated(0, T1, {
            generation: 1,
            leewayRetry: true,
            accessToken: accessToken(early),
            idToken: idToken(early),
            idleExpiresAt: T1 + WINDOW_MS,
            refreshedAt: T1,
          }),
        ]);
      const noLeeway = [tokenIssued({ rotation: { type: 'ROTATE', leewaySeconds: 0 } }), rotated(0, T1)];
      given(noLeeway).when(refreshTokens(0, early)).then([reuseRevoked(0, T1)]);
    });

    it('a retry judged after a later retry: the leeway counts from the rotation, the time from the last event', () => {
      const retriedAt = T1 + 29 * SECOND;
      const retry = rotated(0, T1, { leewayRetry: true, accessToken: accessToken(retriedAt), idToken: idToken(retriedAt), idleExpiresAt: retriedAt + WINDOW_MS, refreshedAt: retriedAt });
      // A clock 5 s behind at T1 + 26 s reads inside the leeway, but the family has reached T1 + 29 s.
      given([...history, retry])
        .when(refreshTokens(0, T1 + 26 * SECOND))
        .then([rotated(0, T1, { leewayRetry: true, accessToken: accessToken(T1 + 26 * SECOND), idToken: idToken(T1 + 26 * SECOND), idleExpiresAt: retriedAt + WINDOW_MS, refreshedAt: retriedAt })]);
    });

    it('the first refresh on a clock behind the issuance is decided at the issuance', () => {
      given([tokenIssued()])
        .when(refreshTokens(0, T0 - 5 * SECOND))
        .then([rotated(0, T0, { accessToken: accessToken(T0 - 5 * SECOND), idToken: idToken(T0 - 5 * SECOND) })]);
    });

    it('an expired family stays expired on a clock behind its last event only by the skew, and a later clock decides as usual', () => {
      const lastUse = ABSOLUTE_EXPIRY - SECOND;
      const nearEnd = [tokenIssued(), rotated(0, lastUse)];
      given(nearEnd).when(refreshTokens(1, ABSOLUTE_EXPIRY)).then(rejected('absolute_expired'));
      // Behind the last event, the family is judged at that event: still inside its lifetime.
      given(nearEnd)
        .when(refreshTokens(1, lastUse - 5 * SECOND))
        .then([rotated(1, lastUse, { accessToken: accessToken(lastUse - 5 * SECOND), idToken: idToken(lastUse - 5 * SECOND) })]);
    });

    it('refuses with clock_behind (temporarily_unavailable) once the clock is behind by more than the allowed skew', () => {
      const skew = 60 * SECOND;
      given(history)
        .when(refreshTokens(1, T1 - skew, { maxClockSkewMs: skew }))
        .then([rotated(1, T1, { accessToken: accessToken(T1 - skew), idToken: idToken(T1 - skew) })]);
      given(history)
        .when(refreshTokens(1, T1 - skew - 1, { maxClockSkewMs: skew }))
        .then({ error: expect.objectContaining({ name: 'RefreshRejected', code: 'temporarily_unavailable', reason: 'clock_behind' }) });
      // Ahead of the family, any bound is irrelevant.
      given(history).when(refreshTokens(1, T1 + DAY, { maxClockSkewMs: 0 })).then([rotated(1, T1 + DAY)]);
      // The previous token is not revoked on a clock too far behind to judge its leeway.
      given(history)
        .when(refreshTokens(0, T1 - HOUR, { maxClockSkewMs: skew }))
        .then({ error: expect.objectContaining({ reason: 'clock_behind' }) });
    });

    it('a revocation on a clock behind is recorded at the family\'s last event, never refused', () => {
      given(history).when(revokeFamily(T1 - HOUR)).then([tokenRevoked(T1)]);
      given([tokenIssued()]).when(revokeFamily(T0 - HOUR)).then([tokenRevoked(T0)]);
      given(history).when(revokeFamily(T1 + HOUR)).then([tokenRevoked(T1 + HOUR)]);
    });

    it('property: whatever the clocks of the deciding replicas, rotatedAt, the idle expiry and every event time never decrease', () => {
      const step = fc.record({
        // A clock anywhere from one hour behind to one day ahead of the previous decision's.
        drift: fc.integer({ min: -HOUR, max: DAY }),
        // Present the current token, the previous one, or an older one.
        back: fc.constantFrom(0, 0, 0, 1, 2),
      });
      fc.assert(
        fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), fc.constantFrom(0, 30, 60), (steps, leewaySeconds) => {
          let events: TokenFamilyEvent[] = [tokenIssued({ rotation: { type: 'ROTATE', leewaySeconds } })];
          let clock = T0;
          let lastTime = T0;
          let lastRotatedAt = 0;
          let lastIdle = T0 + WINDOW_MS;
          for (const { drift, back } of steps) {
            clock += drift;
            const state = fold(events);
            if (state.status !== 'active') break;
            let decided: TokenFamilyEvent[];
            try {
              decided = tokenFamilyDecider.decide(refreshTokens(Math.max(0, state.generation - back), clock), state);
            } catch (error) {
              // Expiry and unknown tokens are refusals, not events: nothing to check.
              expect(error).toBeInstanceOf(RefreshRejected);
              continue;
            }
            for (const event of decided) {
              if (event.type === 'TokenRefreshed') {
                expect(event.data.refreshedAt).toBeGreaterThanOrEqual(lastTime);
                expect(event.data.rotatedAt ?? 0).toBeGreaterThanOrEqual(lastRotatedAt);
                expect(event.data.idleExpiresAt).toBeGreaterThanOrEqual(lastIdle);
                lastTime = event.data.refreshedAt;
                lastRotatedAt = event.data.rotatedAt ?? 0;
                lastIdle = event.data.idleExpiresAt;
              } else if (event.type === 'TokenRevoked') {
                expect(event.data.revokedAt).toBeGreaterThanOrEqual(lastTime);
              }
            }
            events = [...events, ...decided];
          }
        }),
        { seed: 13, numRuns: 300 },
      );
    });
  });

  describe('RevokeFamily', () => {
    it('revokes an active family', () => {
      given([tokenIssued(), rotated(0, T1)]).when(revokeFamily(T1 + DAY)).then([tokenRevoked(T1 + DAY)]);
    });

    it('lets an admin revoke without naming a token or a client', () => {
      given([tokenIssued()])
        .when(revokeFamily(T1, { tokenId: undefined, onlyForClientId: undefined, reason: 'admin', requestedBy: 'admin:ops' }))
        .then([{ type: 'TokenRevoked', data: { familyId: FAMILY_ID, reason: 'admin', requestedBy: 'admin:ops', revokedAt: T1 } }]);
    });

    it('is idempotent: revoking a revoked family decides nothing', () => {
      given([tokenIssued(), tokenRevoked(T1)]).when(revokeFamily(T1 + DAY)).then([]);
      given([tokenIssued(), rotated(0, T1), reuseRevoked(0, T1 + DAY)]).when(revokeFamily(T1 + 2 * DAY)).then([]);
    });

    it('accepts an unknown family and decides nothing (RFC 7009)', () => {
      given([]).when(revokeFamily(T1)).then([]);
    });

    it("is a no-op when another client asks to revoke this client's family", () => {
      given([tokenIssued()])
        .when(revokeFamily(T1, { onlyForClientId: 'other_client', requestedBy: 'client:other_client' }))
        .then([]);
    });

    it('is a no-op when asked through another authorization server', () => {
      given([tokenIssued()])
        .when(revokeFamily(T1, { authorizationServerId: 'other_server' }))
        .then([]);
    });

    it('revokes when asked through the family\'s own authorization server', () => {
      given([tokenIssued()])
        .when(revokeFamily(T1, { authorizationServerId: AS_ID }))
        .then([tokenRevoked(T1)]);
    });
  });

  describe('evolve', () => {
    it('is total: events that cannot apply leave the state unchanged', () => {
      const empty = tokenFamilyDecider.initialState();
      expect(tokenFamilyDecider.evolve(empty, rotated(0, T1))).toEqual(empty);
      expect(tokenFamilyDecider.evolve(empty, tokenRevoked(T1))).toEqual(empty);
      const revoked = fold([tokenIssued(), tokenRevoked(T1)]);
      expect(fold([tokenIssued(), tokenRevoked(T1), rotated(0, T1 + 1), tokenRevoked(T1 + 2), tokenIssued()])).toEqual(revoked);
      const unknownEvent = { type: 'SomethingNew', data: {} } as unknown as TokenFamilyEvent;
      expect(tokenFamilyDecider.evolve(revoked, unknownEvent)).toBe(revoked);
    });

    it('folds an issuance without username, groups or auth_time into nulls and no groups (groups pick policy rules)', () => {
      const bare = tokenIssued();
      const { username: _u, groups: _g, authTime: _a, ...data } = bare.data;
      expect(fold([{ type: 'TokenIssued', data }])).toMatchObject({ username: null, groups: [], authTime: null });
      expect((fold([{ type: 'TokenIssued', data }]) as { groups: readonly string[] }).groups).toStrictEqual([]);
    });

    it('folds an issuance and a refresh into the family state', () => {
      expect(fold([tokenIssued(), rotated(0, T1), tokenRevoked(T1 + DAY, { tokenId: undefined })])).toStrictEqual({
        status: 'revoked',
        familyId: FAMILY_ID,
        authorizationServerId: AS_ID,
        clientId: CLIENT_ID,
        subject: '00u_alice',
        username: 'alice@example.com',
        userId: null,
        groups: ['Everyone'],
        scopes: [...GRANTED],
        grantType: 'authorization_code',
        lifetimes: LIFETIMES,
        rotation: { type: 'ROTATE', leewaySeconds: 30 },
        refreshExpiresAt: ABSOLUTE_EXPIRY,
        provenance: PROVENANCE,
        issuedAt: T0,
        authTime: Math.floor(T0 / SECOND) - 5,
        generation: 1,
        currentRefreshToken: tokenRecord(1),
        previousRefreshToken: tokenRecord(0),
        rotatedAt: T1,
        idleExpiresAt: T1 + WINDOW_MS,
        lastAccessToken: accessToken(T1),
        lastRefreshedAt: T1,
        revokedAccessTokens: [],
        dpopJkt: null,
        revokedAt: T1 + DAY,
        reason: 'client_request',
        requestedBy: `client:${CLIENT_ID}`,
        revokedTokenId: null,
      });
    });
  });

  describe('errors', () => {
    it('never put token material in a message: ids and the reason only', () => {
      const secretish = presented(1, { hash: 'b'.repeat(64) });
      const decideIt = () =>
        tokenFamilyDecider.decide(refreshTokens(1, T1, { presented: secretish }), fold([tokenIssued(), rotated(0, T1)]));
      expect(decideIt).toThrow(RefreshRejected);
      expect(decideIt).toThrow(`refresh rejected: unknown_token (family ${FAMILY_ID}, token ${FAMILY_ID}.1)`);
      expect(decideIt).toThrow(expect.not.objectContaining({ message: expect.stringContaining('b'.repeat(64)) }));
    });

    it('map the reason to the OAuth code', () => {
      expect(new RefreshRejected('scope_widening')).toMatchObject({ code: 'invalid_scope', message: 'refresh rejected: scope_widening' });
      expect(new RefreshRejected('reused_outside_leeway', { familyId: FAMILY_ID })).toMatchObject({
        code: 'invalid_grant',
        familyId: FAMILY_ID,
        tokenId: null,
      });
      expect(new FamilyAlreadyExists(FAMILY_ID)).toMatchObject({ code: 'conflict', message: `token family ${FAMILY_ID} already exists` });
    });
  });

  it('names the stream tokenFamily-<familyId>, category before the first dash', () => {
    expect(tokenFamilyStreamName('fam-with-dashes')).toBe('tokenFamily-fam-with-dashes');
    expect(tokenFamilyStreamName(FAMILY_ID).split('-')[0]).toBe('tokenFamily');
  });
});
