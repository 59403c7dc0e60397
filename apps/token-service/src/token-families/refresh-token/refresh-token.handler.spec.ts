import { CommandBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { atHash, randomId, RefreshTokenCodec } from '@ledger/token-crypto';
import { tokenFamilyDecider, tokenFamilyStreamName, type IssueTokens, type TokenIssuedData } from '@ledger/domain';
import { CommandLoop } from '@ledger/event-sourcing';
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppModule } from '../../app.module';
import { loadLedgerConfig } from '@ledger/config';
import { ConfigurationRegistry } from '../../configuration/configuration.registry';
import { IssueTokensCommand } from '../issue-tokens/issue-tokens.command';
import type { TokenResponse } from '../shared/token-response';
import { RefreshTokenCommand } from './refresh-token.command';
import { ActivateClientCommand } from '../../clients/activate-client/activate-client.command';
import { DeactivateClientCommand } from '../../clients/deactivate-client/deactivate-client.command';
import { TokenFamilyLoader } from '../shared/family-loader';
import { SubjectKeys } from '@ledger/audit';

const T0 = Date.UTC(2026, 0, 1);
const context = { requestId: 'req-1', correlationId: 'corr-1', actor: 'client:demo-client' };

/** The real handlers and module on an in-memory SQLite store, no HTTP. */
async function startHandlers(clock: () => number, env: Record<string, string> = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-handler-'));
  const store = new SqliteEventStore({ filename: ':memory:' });
  const config = loadLedgerConfig({ LEDGER_DATA_DIR: dataDir, LEDGER_ADMIN_TOKEN: 'handler-test-admin-token', LEDGER_ISSUER_BASE_URL: 'http://issuer.test', ...env });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config, { clock: { now: clock }, eventStore: store })],
  }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return {
    config,
    store,
    bus: moduleRef.get(CommandBus),
    registry: moduleRef.get(ConfigurationRegistry),
    loop: moduleRef.get(CommandLoop),
    codec: moduleRef.get(RefreshTokenCodec),
    families: moduleRef.get(TokenFamilyLoader),
    subjectKeys: moduleRef.get(SubjectKeys),
    close: () => moduleRef.close(),
  };
}

/** Handler tier. */
describe('RefreshTokenHandler', () => {
  let now = T0;
  let store: SqliteEventStore;
  let bus: CommandBus;
  let registry: ConfigurationRegistry;
  let loop: CommandLoop;
  let codec: RefreshTokenCodec;
  let families: TokenFamilyLoader;
  let subjectKeys: SubjectKeys;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ store, bus, registry, loop, codec, families, subjectKeys, close } = await startHandlers(() => now));
  });
  afterAll(async () => {
    await close();
  });

  const client = () => registry.getClient('demo-client')!;
  const issue = (): Promise<TokenResponse> =>
    bus.execute(new IssueTokensCommand('default', 'demo-client', 'alice', ['openid', 'offline_access'], 'authorization_code', context));

  it('rotates, records provenance and signs both tokens', async () => {
    now = T0;
    const issued = await issue();
    const familyId = issued.refresh_token!.split('.')[1];
    now = T0 + 1000;
    const refreshed = await bus.execute(new RefreshTokenCommand('default', client(), issued.refresh_token!, undefined, context));
    expect(refreshed.refresh_token).not.toBe(issued.refresh_token);
    expect(refreshed.id_token).toBeDefined();
    const events = await store.readStream(`tokenFamily-${familyId}`);
    expect(events.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRefreshed']);
    expect(events[1].data).toMatchObject({
      generation: 1,
      leewayRetry: false,
      provenance: { authorizationServerId: 'default', policyId: 'default-policy', ruleId: 'default-rule' },
    });
    expect(events[1].metadata).toMatchObject({ actor: 'client:demo-client', requestId: 'req-1', correlationId: 'corr-1' });
  });

  it('refuses a forged token before reading the store', async () => {
    const issued = await issue();
    const forged = issued.refresh_token!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const before = (await store.readAll({ maxCount: 100000 })).length;
    await expect(bus.execute(new RefreshTokenCommand('default', client(), forged, undefined, context))).rejects.toMatchObject({
      code: 'invalid_grant',
      reason: 'unknown_token',
    });
    expect((await store.readAll({ maxCount: 100000 })).length).toBe(before);
  });

  it('answers a widening with invalid_scope and appends nothing', async () => {
    const issued = await issue();
    const before = (await store.readAll({ maxCount: 100000 })).length;
    await expect(
      bus.execute(new RefreshTokenCommand('default', client(), issued.refresh_token!, ['openid', 'offline_access', 'email'], context)),
    ).rejects.toMatchObject({ code: 'invalid_scope', reason: 'scope_widening' });
    expect((await store.readAll({ maxCount: 100000 })).length).toBe(before);
  });

  it('revokes the family on reuse outside the leeway and says why', async () => {
    now = T0;
    const issued = await issue();
    await bus.execute(new RefreshTokenCommand('default', client(), issued.refresh_token!, undefined, context));
    now = T0 + 31_000;
    await expect(bus.execute(new RefreshTokenCommand('default', client(), issued.refresh_token!, undefined, context))).rejects.toMatchObject({
      code: 'invalid_grant',
      reason: 'reused_outside_leeway',
    });
    const familyId = issued.refresh_token!.split('.')[1];
    const events = await store.readStream(`tokenFamily-${familyId}`);
    expect(events.at(-1)).toMatchObject({ type: 'TokenRevoked', data: { reason: 'reuse_detected', requestedBy: 'system' } });
  });

  it('on a clock behind the family by more than LEDGER_MAX_CLOCK_SKEW_SECONDS (60): temporarily_unavailable, nothing appended', async () => {
    now = T0 + 3_600_000;
    const issued = await issue();
    now = T0 + 3_600_000 - 60_001;
    const before = (await store.readAll({ maxCount: 100000 })).length;
    await expect(bus.execute(new RefreshTokenCommand('default', client(), issued.refresh_token!, undefined, context))).rejects.toMatchObject({
      code: 'temporarily_unavailable',
      status: 503,
      reason: 'clock_behind',
    });
    expect((await store.readAll({ maxCount: 100000 })).length).toBe(before);
    // Within the bound, the refresh is decided at the family's time: its events never go back.
    now = T0 + 3_600_000 - 60_000;
    await bus.execute(new RefreshTokenCommand('default', client(), issued.refresh_token!, undefined, context));
    const events = await store.readStream(`tokenFamily-${issued.refresh_token!.split('.')[1]}`);
    expect(events[1].data).toMatchObject({ rotatedAt: T0 + 3_600_000, refreshedAt: T0 + 3_600_000 });
  });

  it('revokes, at its first refresh, a family issued while its client was INACTIVE, even after the client is active again', async () => {
    now = T0;
    const template = await issue();
    const [{ data: issuedData }] = await store.readStream(tokenFamilyStreamName(template.refresh_token!.split('.')[1]), { maxCount: 1 });
    await bus.execute(new DeactivateClientCommand('demo-client', { ...context, actor: 'admin:service' }));
    // Issued after the deactivation committed, through this process's own loop (which then
    // remembers the family, as it does every family it issues), as a replica that decided it
    // just before the deactivation would: the deactivation's sweep of the client's families is over.
    const issueInWindow = async () => {
      const issuance = windowIssuance(await subjectKeys.decodeIssued(issuedData));
      const { familyId } = issuance.command.data;
      await loop.run({ streamName: tokenFamilyStreamName(familyId), decider: tokenFamilyDecider, load: families.load, command: issuance.command, commandId: randomUUID(), metadata: {} });
      return issuance;
    };
    // Refreshed at once: the registry has usually not read the log up to the new family yet
    // (its periodic check runs every 250 ms), and the handler first brings it there.
    const atOnce = await issueInWindow();
    await expect(bus.execute(new RefreshTokenCommand('default', client(), atOnce.refreshToken, undefined, context))).rejects.toMatchObject({
      reason: 'issued_while_client_inactive',
    });
    const window = await issueInWindow();
    await bus.execute(new ActivateClientCommand('demo-client', { ...context, actor: 'admin:service' }));

    now = T0 + 1000;
    await expect(bus.execute(new RefreshTokenCommand('default', client(), window.refreshToken, undefined, context))).rejects.toMatchObject({
      code: 'invalid_grant',
      reason: 'issued_while_client_inactive',
    });
    const events = await store.readStream(tokenFamilyStreamName(window.command.data.familyId));
    expect(events.map((e) => e.type)).toEqual(['TokenIssued', 'TokenRevoked']);
    expect(events[1].data).toMatchObject({ reason: 'client_disabled', requestedBy: 'system', revokedAt: T0 + 1000 });
    await expect(bus.execute(new RefreshTokenCommand('default', client(), window.refreshToken, undefined, context))).rejects.toMatchObject({
      reason: 'family_revoked',
    });
    // A family issued once the client was active again refreshes as usual.
    const after = await issue();
    await expect(bus.execute(new RefreshTokenCommand('default', client(), after.refresh_token!, undefined, context))).resolves.toHaveProperty('access_token');
  });

  /** A new family like the template's, with a refresh token this ledger can check. */
  function windowIssuance(template: TokenIssuedData): { command: IssueTokens; refreshToken: string } {
    const familyId = randomId(16);
    const minted = codec.mint(familyId);
    const { authorizationServerId, clientId, subject, scopes, grantType, lifetimes, rotation, provenance, accessToken } = template;
    return {
      refreshToken: minted.token,
      command: {
        type: 'IssueTokens',
        data: {
          familyId,
          authorizationServerId,
          clientId,
          subject,
          scopes,
          grantType,
          refreshToken: minted.record,
          accessToken: { ...accessToken, jti: randomId(16) },
          idToken: null,
          lifetimes,
          rotation,
          provenance,
          now,
        },
      },
    };
  }
});

/** Where a refresh's tokens are signed: on the signing thread beside the commit (default), or on the event loop. */
describe.each(['on', 'off'])('RefreshTokenHandler with LEDGER_SIGNING_THREAD=%s', (signingThread) => {
  let store: SqliteEventStore;
  let bus: CommandBus;
  let registry: ConfigurationRegistry;
  let close: () => Promise<void>;

  beforeAll(async () => {
    let config;
    ({ config, store, bus, registry, close } = await startHandlers(() => T0, { LEDGER_SIGNING_THREAD: signingThread }));
    expect(config.signingThread).toBe(signingThread === 'on');
  });
  afterAll(async () => {
    await close();
  });

  it('answers with the tokens the committed event describes: jti, exp, scope and the ID token\'s at_hash', async () => {
    const issued: TokenResponse = await bus.execute(new IssueTokensCommand('default', 'demo-client', 'alice', ['openid', 'offline_access'], 'authorization_code', context));
    const client = registry.getClient('demo-client')!;
    const answers: TokenResponse[] = await Promise.all(
      [0, 1, 2].map(() => bus.execute(new RefreshTokenCommand('default', client, issued.refresh_token!, ['openid'], context))),
    );
    const familyId = issued.refresh_token!.split('.')[1];
    const refreshed = (await store.readStream(`tokenFamily-${familyId}`)).filter((e) => e.type === 'TokenRefreshed');
    // The first refresh and two leeway retries: each answer is its own event's tokens.
    expect(refreshed).toHaveLength(3);
    for (const answer of answers) {
      const claims = decodeJwt(answer.access_token);
      const event = refreshed.find((e) => (e.data as { accessToken: { jti: string } }).accessToken.jti === claims.jti);
      expect(event).toBeDefined();
      expect(claims).toMatchObject({ exp: (event!.data as { accessToken: { exp: number } }).accessToken.exp, scope: 'openid', client_id: 'demo-client', sub: 'alice' });
      expect(decodeJwt(answer.id_token!)).toMatchObject({ jti: (event!.data as { idToken: { jti: string } }).idToken.jti, at_hash: atHash(answer.access_token) });
      expect(answer.refresh_token).toBe(answers[0].refresh_token);
    }
  });
});

describe('LEDGER_SIGNING_THREAD', () => {
  it('is on or off, and nothing else', () => {
    expect(loadLedgerConfig({}).signingThread).toBe(true);
    expect(loadLedgerConfig({ LEDGER_SIGNING_THREAD: 'OFF' }).signingThread).toBe(false);
    expect(() => loadLedgerConfig({ LEDGER_SIGNING_THREAD: 'yes' })).toThrow('LEDGER_SIGNING_THREAD must be on or off');
  });
});
