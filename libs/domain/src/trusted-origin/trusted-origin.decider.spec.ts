import { deciderSpec } from '../testing/decider-spec';
import type { TrustedOriginCommand, TrustedOriginInput } from './trusted-origin.commands';
import { trustedOriginsDecider } from './trusted-origin.decider';
import type { TrustedOrigin, TrustedOriginEvent } from './trusted-origin.events';
import { corsOriginsOf } from './trusted-origin.state';
import { isTrustedOriginsStream, trustedOriginsStreamName } from './trusted-origin.stream';
import { normalizeOrigin } from './trusted-origin.validation';

const NOW = 1_700_000_000_000;
const LATER = NOW + 60_000;
const ADMIN = 'admin:service';

const given = deciderSpec(trustedOriginsDecider);
const invalid = (field: string) => ({ error: expect.objectContaining({ code: 'invalid_configuration', field }) });

function input(overrides: Partial<TrustedOriginInput> = {}): TrustedOriginInput {
  return { id: 'tos1', name: 'SPA', origin: 'https://app.example.com', scopes: [{ type: 'CORS' }], ...overrides };
}

function origin(overrides: Partial<TrustedOrigin> = {}): TrustedOrigin {
  return { id: 'tos1', name: 'SPA', origin: 'https://app.example.com', scopes: ['CORS'], status: 'ACTIVE', ...overrides };
}

const created = (o = origin()): TrustedOriginEvent => ({ type: 'TrustedOriginCreated', data: { trustedOrigin: o, createdAt: NOW, createdBy: ADMIN } });
const create = (i: TrustedOriginInput): TrustedOriginCommand => ({ type: 'CreateTrustedOrigin', data: { trustedOrigin: i, now: NOW, actor: ADMIN } });
const update = (i: TrustedOriginInput): TrustedOriginCommand => ({ type: 'UpdateTrustedOrigin', data: { trustedOrigin: i, now: LATER, actor: ADMIN } });
const lifecycle = (type: 'ActivateTrustedOrigin' | 'DeactivateTrustedOrigin' | 'DeleteTrustedOrigin', id = 'tos1'): TrustedOriginCommand => ({
  type,
  data: { id, now: LATER, actor: ADMIN },
});
const deactivated: TrustedOriginEvent = { type: 'TrustedOriginDeactivated', data: { id: 'tos1', deactivatedAt: LATER, deactivatedBy: ADMIN } };
const deleted: TrustedOriginEvent = { type: 'TrustedOriginDeleted', data: { id: 'tos1', deletedAt: LATER, deletedBy: ADMIN } };

/** The error `fn` throws; fails the test when it throws none. */
function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal, got none');
}

const fold = (events: TrustedOriginEvent[]) => events.reduce(trustedOriginsDecider.evolve, trustedOriginsDecider.initialState());

describe('trusted origins stream', () => {
  it('is one org-wide stream in the trustedOrigins category', () => {
    expect(trustedOriginsStreamName()).toBe('trustedOrigins-org');
    expect(isTrustedOriginsStream('trustedOrigins-org')).toBe(true);
    expect(isTrustedOriginsStream('client-trustedOrigins')).toBe(false);
  });
});

describe('origin normalization', () => {
  it.each([
    ['https://app.example.com', 'https://app.example.com'],
    ['HTTPS://App.Example.COM:443/', 'https://app.example.com'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://127.0.0.1:80', 'http://127.0.0.1'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
  ])('stores %s as a browser sends it: %s', (given, expected) => {
    expect(normalizeOrigin(given)).toBe(expected);
  });

  it.each([
    'https://app.example.com/path',
    'https://app.example.com?x=1',
    'https://app.example.com#top',
    'https://user:pw@app.example.com',
    'https://*.example.com',
    'ftp://files.example.com',
    'javascript://alert(1)',
    'app.example.com',
    'https://',
    'https://exa mple.com',
    'https://app.example.com:99999',
    '',
    42,
    'https://' + 'a'.repeat(260) + '.com',
  ])('refuses %p naming origin, without echoing it', (value) => {
    const error = errorOf(() => normalizeOrigin(value));
    expect(error).toMatchObject({ code: 'invalid_configuration', field: 'origin' });
    if (typeof value === 'string' && value.length > 0) expect(error.message).not.toContain(value);
  });
});

describe('trusted origins decider', () => {
  describe('CreateTrustedOrigin', () => {
    it('creates an ACTIVE origin, normalized, scopes in canonical order', () => {
      given([])
        .when(create(input({ origin: 'HTTPS://App.Example.com:443', scopes: [{ type: 'REDIRECT' }, { type: 'CORS' }] })))
        .then([created(origin({ scopes: ['CORS', 'REDIRECT'] }))]);
    });

    it('may create it INACTIVE', () => {
      given([])
        .when({ type: 'CreateTrustedOrigin', data: { trustedOrigin: input(), status: 'INACTIVE', now: NOW, actor: ADMIN } })
        .then([created(origin({ status: 'INACTIVE' }))]);
    });

    it('refuses an origin already trusted, even INACTIVE and written differently (Okta E0000001 on origin)', () => {
      given([created(), deactivated]).when(create(input({ id: 'tos2', origin: 'https://APP.example.com/' }))).then(invalid('origin'));
    });

    it('refuses a taken or deleted id', () => {
      given([created()]).when(create(input({ origin: 'https://other.example.com' }))).then({ error: expect.objectContaining({ code: 'configuration_conflict' }) });
      given([created(), deleted]).when(create(input())).then({ error: expect.objectContaining({ code: 'configuration_conflict' }) });
    });

    it('refuses an id outside the id rule', () => {
      given([]).when(create(input({ id: '../x' }))).then(invalid('id'));
    });

    it.each([
      [{ name: '' }, 'name'],
      [{ name: 7 }, 'name'],
      [{ scopes: [] }, 'scopes'],
      [{ scopes: 'CORS' }, 'scopes'],
      [{ scopes: [{ type: 'IFRAME_EMBED' }] }, 'scopes[0].type'],
      [{ scopes: [{ type: 'CORS' }, { type: 'CORS' }] }, 'scopes[1].type'],
      [{ scopes: ['CORS'] }, 'scopes[0].type'],
      [{ origin: 'https://app.example.com/callback' }, 'origin'],
    ])('refuses %p naming %s', (overrides, field) => {
      given([]).when(create(input(overrides))).then(invalid(field));
    });
  });

  describe('UpdateTrustedOrigin', () => {
    it('replaces name, origin and scopes', () => {
      given([created()])
        .when(update(input({ name: 'SPA v2', origin: 'https://v2.example.com', scopes: [{ type: 'CORS' }, { type: 'REDIRECT' }] })))
        .then([
          {
            type: 'TrustedOriginUpdated',
            data: { trustedOrigin: { id: 'tos1', name: 'SPA v2', origin: 'https://v2.example.com', scopes: ['CORS', 'REDIRECT'] }, updatedAt: LATER, updatedBy: ADMIN },
          },
        ]);
    });

    it('is a no-op when nothing changes (the same origin written differently included)', () => {
      given([created()]).when(update(input({ origin: 'https://app.example.com:443/' }))).then([]);
    });

    it("refuses another origin's value and an unknown id", () => {
      const other = created(origin({ id: 'tos2', origin: 'https://other.example.com' }));
      given([created(), other]).when(update(input({ origin: 'https://other.example.com' }))).then(invalid('origin'));
      given([]).when(update(input())).then({ error: expect.objectContaining({ code: 'configuration_not_found' }) });
    });
  });

  describe('lifecycle', () => {
    it('deactivates and activates, each a no-op when already so', () => {
      given([created()]).when(lifecycle('DeactivateTrustedOrigin')).then([deactivated]);
      given([created(), deactivated]).when(lifecycle('DeactivateTrustedOrigin')).then([]);
      given([created(), deactivated])
        .when(lifecycle('ActivateTrustedOrigin'))
        .then([{ type: 'TrustedOriginActivated', data: { id: 'tos1', activatedAt: LATER, activatedBy: ADMIN } }]);
      given([created()]).when(lifecycle('ActivateTrustedOrigin')).then([]);
    });

    it('deletes once; deleting again is a no-op; an unknown id is not found', () => {
      given([created()]).when(lifecycle('DeleteTrustedOrigin')).then([deleted]);
      given([created(), deleted]).when(lifecycle('DeleteTrustedOrigin')).then([]);
      given([]).when(lifecycle('DeleteTrustedOrigin')).then({ error: expect.objectContaining({ code: 'configuration_not_found' }) });
      given([created(), deleted]).when(lifecycle('ActivateTrustedOrigin')).then({ error: expect.objectContaining({ code: 'configuration_not_found' }) });
    });

    it('frees the origin of a deleted entry for a new one', () => {
      given([created(), deleted]).when(create(input({ id: 'tos2' }))).then([created(origin({ id: 'tos2' }))]);
    });
  });

  describe('evolve and the CORS set', () => {
    it('trusts for CORS only ACTIVE origins with the CORS scope', () => {
      const redirectOnly = created(origin({ id: 'tos2', origin: 'https://login.example.com', scopes: ['REDIRECT'] }));
      const inactive = created(origin({ id: 'tos3', origin: 'https://old.example.com', status: 'INACTIVE' }));
      expect([...corsOriginsOf(fold([created(), redirectOnly, inactive]))]).toEqual(['https://app.example.com']);
      expect([...corsOriginsOf(fold([created(), deactivated]))]).toEqual([]);
      expect([...corsOriginsOf(fold([created(), deleted]))]).toEqual([]);
    });

    it('records who created and last changed an origin, and when', () => {
      const state = fold([created(), { type: 'TrustedOriginDeactivated', data: { id: 'tos1', deactivatedAt: LATER, deactivatedBy: 'admin:ops' } }]);
      expect(state.origins[0]).toMatchObject({ created: NOW, createdBy: ADMIN, lastUpdated: LATER, lastUpdatedBy: 'admin:ops', status: 'INACTIVE' });
    });

    it('ignores events that do not fit the state', () => {
      const state = fold([created()]);
      expect(trustedOriginsDecider.evolve(state, created())).toBe(state);
      expect(trustedOriginsDecider.evolve(state, { ...deactivated, data: { ...deactivated.data, id: 'nope' } })).toBe(state);
    });
  });
});
