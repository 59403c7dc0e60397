import fc from 'fast-check';
import type { TokenFamilyCommand } from './token-family.commands';
import { rehydrateFromFirstAndLast, tokenFamilyDecider } from './token-family.decider';
import { FamilyAlreadyExists, RefreshRejected, RevocationRejected } from './token-family.errors';
import type { Lifetimes, RotationSettings, TokenFamilyEvent } from './token-family.events';
import {
  AS_ID,
  CLIENT_ID,
  FAMILY_ID,
  DAY,
  MINUTE,
  SECOND,
  T0,
  issueTokens,
  presented,
  refreshTokens,
  revokeFamily,
  tokenRecord,
} from './token-family.fixtures';
import { REVOKED_PROGRESS_FIELDS, type TokenFamilyState } from './token-family.state';

/*
 * The O(1) load is only correct if the first and the last event restore what a full fold
 * restores. Random valid histories are built by deciding random commands (so every history is
 * one the decider could have produced), and after every step the two loads are compared.
 */

const { decide, evolve, initialState } = tokenFamilyDecider;

type TokenChoice = 'current' | 'previous' | 'older' | 'future' | 'wrong_hash';
type ScopeChoice = 'whole' | 'narrow' | 'widen' | 'empty';

type Step =
  | {
      readonly kind: 'refresh';
      readonly dt: number;
      readonly token: TokenChoice;
      readonly pick: number;
      readonly scopes: ScopeChoice;
      readonly keep: readonly boolean[];
      readonly foreignClient: boolean;
    }
  | { readonly kind: 'revoke'; readonly dt: number; readonly by: 'owner' | 'other_client' | 'admin' }
  | { readonly kind: 'revoke_access'; readonly dt: number; readonly which: 'last' | 'first'; readonly foreignClient: boolean }
  | { readonly kind: 'issue_again'; readonly dt: number };

interface Setup {
  readonly scopes: readonly string[];
  readonly lifetimes: Lifetimes;
  readonly rotation: RotationSettings;
  /** A public client's DPoP key binding: none, made at issuance, or made by the first refresh. */
  readonly dpop: 'none' | 'at_issuance' | 'at_first_refresh';
}

/** The proof every refresh of a DPoP setup carries: the key the family is (or becomes) bound to. */
const DPOP = { jkt: 'K'.repeat(43), publicClient: true } as const;

const ALL_SCOPES = ['openid', 'profile', 'email', 'offline_access', 'api:read'];

const setupArb: fc.Arbitrary<Setup> = fc.record({
  // Three families in four have a refresh token: that is where the interesting history is.
  scopes: fc
    .tuple(fc.subarray(ALL_SCOPES.filter((s) => s !== 'offline_access')), fc.integer({ min: 0, max: 3 }))
    .map(([scopes, die]) => (die === 0 ? (scopes.length > 0 ? scopes : ['openid']) : [...scopes, 'offline_access'])),
  lifetimes: fc.record({
    accessTokenMinutes: fc.constantFrom(5, 60),
    refreshTokenMinutes: fc.constantFrom(0, 60, 1440, 30 * 1440),
    refreshTokenWindowMinutes: fc.constantFrom(10, 60, 1440, 7 * 1440),
  }),
  rotation: fc.record({
    type: fc.constantFrom<RotationSettings['type']>('ROTATE', 'ROTATE', 'STATIC'),
    leewaySeconds: fc.oneof(fc.constantFrom(0, 30, 60), fc.integer({ min: 0, max: 60 })),
  }),
  dpop: fc.constantFrom<Setup['dpop']>('none', 'none', 'at_issuance', 'at_first_refresh'),
});

/**
 * Mostly short gaps, so leeway retries and reuse right after a rotation happen often; some
 * long ones, so idle and absolute expiry happen too.
 */
const dtArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 65 * SECOND }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 30 * SECOND, 60 * SECOND) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 20 * MINUTE }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 * DAY }) },
);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 18,
    arbitrary: fc.record({
      kind: fc.constant('refresh' as const),
      dt: dtArb,
      token: fc.oneof(
        { weight: 10, arbitrary: fc.constant<TokenChoice>('current') },
        { weight: 4, arbitrary: fc.constant<TokenChoice>('previous') },
        { weight: 1, arbitrary: fc.constantFrom<TokenChoice>('older', 'future', 'wrong_hash') },
      ),
      pick: fc.nat(),
      scopes: fc.constantFrom<ScopeChoice>('whole', 'whole', 'whole', 'narrow', 'narrow', 'widen', 'empty'),
      keep: fc.array(fc.boolean(), { minLength: ALL_SCOPES.length, maxLength: ALL_SCOPES.length }),
      // One refresh in twenty comes from another client.
      foreignClient: fc.integer({ min: 0, max: 19 }).map((die) => die === 0),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('revoke' as const),
      dt: dtArb,
      by: fc.constantFrom('owner' as const, 'other_client' as const, 'admin' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('issue_again' as const), dt: dtArb }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('revoke_access' as const),
      dt: dtArb,
      which: fc.constantFrom('last' as const, 'first' as const),
      foreignClient: fc.integer({ min: 0, max: 9 }).map((die) => die === 0),
    }),
  },
);

/** RFC 7009 with an access token of the family: the last one minted, or the issuance's. */
function revokeAccessCommand(state: TokenFamilyState, which: 'last' | 'first', now: number, clientId = CLIENT_ID): TokenFamilyCommand {
  const issued = state.status === 'empty' ? { jti: 'none', exp: 0 } : which === 'last' ? state.lastAccessToken : firstAccessToken;
  return {
    type: 'RevokeAccessToken',
    data: {
      familyId: FAMILY_ID,
      accessToken: { jti: issued.jti, exp: issued.exp },
      reason: 'client_request',
      requestedBy: `client:${clientId}`,
      requestingClientId: clientId,
      authorizationServerId: AS_ID,
      now,
    },
  };
}

/** The issuance's access token of the history under test (set when the history starts). */
let firstAccessToken = { jti: '', exp: 0 };

/** Turns an abstract step into a command against the family as it stands. */
function commandFor(step: Step, state: TokenFamilyState, setup: Setup, now: number): TokenFamilyCommand {
  if (step.kind === 'issue_again') return issueTokens({ now, scopes: setup.scopes });
  if (step.kind === 'revoke_access') return revokeAccessCommand(state, step.which, now, step.foreignClient ? 'other_client' : CLIENT_ID);
  if (step.kind === 'revoke') {
    if (step.by === 'admin') {
      return revokeFamily(now, { tokenId: undefined, onlyForClientId: undefined, reason: 'admin', requestedBy: 'admin:ops' });
    }
    const clientId = step.by === 'owner' ? CLIENT_ID : 'other_client';
    return revokeFamily(now, { onlyForClientId: clientId, requestedBy: `client:${clientId}` });
  }
  const current = state.status === 'empty' ? 0 : (state.currentRefreshToken?.sequence ?? 0);
  const previous = state.status === 'empty' ? null : state.previousRefreshToken;
  const sequence = {
    current,
    previous: previous?.sequence ?? current - 1,
    older: current >= 2 ? step.pick % (current - 1) : 0,
    future: current + 1 + (step.pick % 3),
    wrong_hash: current,
  }[step.token];
  const token = presented(sequence, step.token === 'wrong_hash' ? { hash: 'e'.repeat(64) } : {});
  const granted = setup.scopes;
  const requestedScopes = {
    whole: undefined,
    empty: [],
    narrow: granted.filter((_, i) => step.keep[i]),
    widen: [...granted.filter((_, i) => step.keep[i]), 'admin:all'],
  }[step.scopes];
  return refreshTokens(sequence, now, {
    presented: token,
    ...(requestedScopes !== undefined ? { requestedScopes } : {}),
    ...(step.foreignClient ? { clientId: 'other_client' } : {}),
    ...(setup.dpop !== 'none' ? { dpop: DPOP } : {}),
  });
}

/** Decides like the handler: a domain refusal appends nothing; anything else is a bug. */
function decideOrNothing(command: TokenFamilyCommand, state: TokenFamilyState): TokenFamilyEvent[] {
  try {
    return decide(command, state);
  } catch (error) {
    if (error instanceof RefreshRejected || error instanceof FamilyAlreadyExists || error instanceof RevocationRejected) return [];
    throw error;
  }
}

/** What a decision came to, comparable across two states. */
function outcomeOf(command: TokenFamilyCommand, state: TokenFamilyState): unknown {
  try {
    return { events: decide(command, state) };
  } catch (error) {
    if (error instanceof RefreshRejected) return { code: error.code, reason: error.reason };
    if (error instanceof FamilyAlreadyExists) return { code: error.code };
    if (error instanceof RevocationRejected) return { code: error.code, reason: error.reason };
    throw error;
  }
}

/** Events as the store hands them back: JSON, so no `undefined` and no shared references. */
function stored(event: TokenFamilyEvent): TokenFamilyEvent {
  return JSON.parse(JSON.stringify(event)) as TokenFamilyEvent;
}

function withoutRevokedProgress(state: TokenFamilyState): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...state };
  for (const field of REVOKED_PROGRESS_FIELDS) delete copy[field];
  return copy;
}

/** Commands whose outcome depends on every part of the state: the two loads must agree on them. */
function probes(state: TokenFamilyState, setup: Setup, now: number): TokenFamilyCommand[] {
  const current = state.status === 'empty' ? 0 : (state.currentRefreshToken?.sequence ?? 0);
  return [
    refreshTokens(current, now),
    refreshTokens(current, now + 10 * SECOND),
    refreshTokens(current - 1, now + SECOND),
    refreshTokens(Math.max(0, current - 2), now),
    refreshTokens(current, now + 8 * DAY),
    revokeFamily(now),
    issueTokens({ now, scopes: setup.scopes }),
    revokeAccessCommand(state, 'last', now),
    revokeAccessCommand(state, 'first', now + 10 * MINUTE),
    // Decided at the family's last event when the clock is behind: the two loads must agree on it.
    revokeAccessCommand(state, 'last', T0),
  ];
}

describe('rehydrateFromFirstAndLast', () => {
  it('restores what the full fold restores, after every step of any valid history', () => {
    fc.assert(
      fc.property(
        setupArb,
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        (setup, steps) => {
          let now = T0;
          const history: TokenFamilyEvent[] = decide(
            issueTokens({
              now,
              scopes: setup.scopes,
              lifetimes: setup.lifetimes,
              rotation: setup.rotation,
              ...(setup.dpop === 'at_issuance' ? { dpop: DPOP } : {}),
            }),
            initialState(),
          );
          let full = history.reduce(evolve, initialState());
          firstAccessToken = full.status === 'empty' ? firstAccessToken : full.lastAccessToken;
          for (const step of steps) {
            now += step.dt;
            const events = decideOrNothing(commandFor(step, full, setup, now), full);
            history.push(...events);
            full = events.reduce(evolve, full);
            expect(history.reduce(evolve, initialState())).toStrictEqual(full);
            // RFC 9449 §5: once a family is bound to a key, every later state keeps the binding.
            const bound = history.some((e) => e.type !== 'TokenRevoked' && 'dpopJkt' in e.data && e.data.dpopJkt !== undefined);
            if (bound && full.status !== 'empty') expect(full.dpopJkt).toBe(DPOP.jkt);

            const loaded = rehydrateFromFirstAndLast(stored(history[0]), stored(history[history.length - 1]));
            if (full.status === 'revoked') {
              expect(withoutRevokedProgress(loaded)).toStrictEqual(withoutRevokedProgress(full));
            } else {
              expect(loaded).toStrictEqual(full);
            }
            for (const probe of probes(full, setup, now)) {
              expect(outcomeOf(probe, loaded)).toStrictEqual(outcomeOf(probe, full));
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('restores a one-event stream from that event alone', () => {
    const [issued] = decide(issueTokens(), initialState());
    expect(rehydrateFromFirstAndLast(issued, issued)).toStrictEqual(evolve(initialState(), issued));
    expect(rehydrateFromFirstAndLast(issued, issued)).toMatchObject({ currentRefreshToken: tokenRecord(0) });
  });
});
